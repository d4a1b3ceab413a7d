"""The lineage pack on the real sample: both stores agree, and the answers equal an
independent networkx computation over the raw JSONL. Includes the deepest merge chains,
the self-references, and a synthetic cycle."""

from __future__ import annotations

import random
from collections import Counter

import networkx as nx
import pytest

from ptmkg.graph.schema import Batch
from tests.query_support import lineage_graph, run_named, same_on_both, without_self_loops


def deepest_models(n: int) -> list[str]:
    h = without_self_loops(lineage_graph())
    longest: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(h))):
        longest[node] = 1 + max((longest[b] for b in h.successors(node)), default=-1)
    return [k for k, _ in sorted(longest.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def test_the_sample_is_deep():
    h = without_self_loops(lineage_graph())
    assert nx.dag_longest_path_length(h) >= 70  # merges of merges: far past a 30-hop default bound


def min_path_strings(g: nx.DiGraph, source: str, reverse: bool = False) -> dict[str, tuple[int, str]]:
    """target -> (shortest distance, smallest relation string over all shortest paths)."""
    h = without_self_loops(g)
    if reverse:
        h = h.reverse(copy=False)
    dist = nx.single_source_shortest_path_length(h, source)
    best: dict[str, str] = {source: ""}
    for node in sorted(dist, key=dist.get):
        if node == source:
            continue
        cands = []
        for prev in (h.predecessors(node)):
            if dist.get(prev) == dist[node] - 1:
                rel = g.edges[(node, prev) if reverse else (prev, node)]["relation"]
                cands.append(best[prev] + (">" if best[prev] else "") + rel)
        best[node] = min(cands)
    return {n: (dist[n], best[n]) for n in dist if n != source}


def sample_models() -> list[str]:
    g = lineage_graph()
    rng = random.Random(11)
    loops = sorted(n for n, _ in nx.selfloop_edges(g))
    loaded = sorted(n for n, d in g.nodes(data=True) if d.get("loaded"))
    return deepest_models(3) + loops[:3] + rng.sample(loaded, 6)


@pytest.mark.parametrize("model", sample_models())
def test_ancestors(sample_stores, model):
    rows = same_on_both(sample_stores, "lineage/ancestors", model_id=model)
    expected = min_path_strings(lineage_graph(), model)
    got = {r["id"].lower(): (r["depth"], r["path"]) for r in rows}
    assert got == expected
    assert all(r["relation"] == r["path"].split(">")[-1] for r in rows)
    assert model not in got  # a self-reference is not an ancestor


def test_descendants_of_the_largest_family(sample_stores):
    h = without_self_loops(lineage_graph())
    roots = [n for n in h if h.out_degree(n) == 0]
    biggest = max(roots, key=lambda r: (len(nx.ancestors(h, r)), r))
    rows = same_on_both(sample_stores, "lineage/descendants", model_id=biggest)
    expected = min_path_strings(lineage_graph(), biggest, reverse=True)
    assert {r["id"].lower(): (r["depth"], r["path"]) for r in rows} == expected
    assert len(rows) == len(nx.ancestors(h, biggest)) > 300


@pytest.mark.parametrize("model", deepest_models(1) + ["meta-llama/llama-3.1-8b"])
def test_family(sample_stores, model):
    rows = same_on_both(sample_stores, "lineage/family", model_id=model)
    g = lineage_graph()
    h = without_self_loops(g)
    roots = {r for r in nx.descendants(h, model) | {model} if h.out_degree(r) == 0}
    expected = set()
    for root in roots:
        dist = nx.single_source_shortest_path_length(h.reverse(copy=False), root)
        expected |= {(root, n, d) for n, d in dist.items()}
    assert {(r["root"].lower(), r["id"].lower(), r["depth"]) for r in rows} == expected


def test_path_between_two_models(sample_stores):
    a, b = deepest_models(1)[0], "meta-llama/llama-3.1-8b"
    rows = same_on_both(sample_stores, "lineage/path", from_id=a, to_id=b)
    u = without_self_loops(lineage_graph()).to_undirected()
    assert len(rows) - 1 == nx.shortest_path_length(u, a, b)
    keys = [r["id"].lower() for r in rows]
    assert keys[0] == a and keys[-1] == b
    g = lineage_graph()
    for prev, row in zip(keys, rows[1:]):
        here = row["id"].lower()
        if row["direction"] == "base":
            assert g.edges[prev, here]["relation"] == row["relation"]
        else:
            assert g.edges[here, prev]["relation"] == row["relation"]
    # the chain whose keys sort first among all shortest chains
    best = min("|".join(p) for p in nx.all_shortest_paths(u, a, b))
    assert "|".join(keys) == best


def test_roots_ranked_by_descendants(sample_stores):
    rows = same_on_both(sample_stores, "lineage/roots", limit=10)
    h = without_self_loops(lineage_graph())
    sizes = {r: len(nx.ancestors(h, r)) for r in h if h.out_degree(r) == 0 and h.in_degree(r) > 0}
    expected = sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
    assert [(r["id"].lower(), r["descendants"]) for r in rows] == [(k, n) for k, n in expected]
    assert all(r["direct"] == h.in_degree(r["id"].lower()) for r in rows)


def test_relation_mix(sample_stores):
    model = "meta-llama/llama-3.1-8b"
    rows = same_on_both(sample_stores, "lineage/relation-mix", model_id=model)
    g = lineage_graph()
    members = nx.ancestors(without_self_loops(g), model)
    edges = Counter(g.edges[e]["relation"] for d in members for e in g.out_edges(d))
    models = Counter()
    for d in members:
        for rel in {g.edges[e]["relation"] for e in g.out_edges(d)}:
            models[rel] += 1
    assert {r["relation"]: (r["edges"], r["models"]) for r in rows} == {k: (edges[k], models[k]) for k in edges}


def test_cycles_and_self_loops_terminate_and_are_complete(stores):
    b = Batch()
    for k in ("a", "b", "c", "d", "s"):
        b.ref("Model", k, id=k, loaded=True)
    for x, y, rel in [("a", "b", "finetune"), ("b", "c", "merge"), ("c", "a", "merge"), ("c", "d", "quantized"), ("s", "s", "finetune"), ("s", "a", "adapter")]:
        b.rel("BASED_ON", "Model", x, "Model", y, relation=rel, source=["test"])
    for store in stores.values():
        store.write(b)
    rows = same_on_both(stores, "lineage/ancestors", model_id="a")
    assert [(r["id"], r["depth"], r["path"]) for r in rows] == [("b", 1, "finetune"), ("c", 2, "finetune>merge"), ("d", 3, "finetune>merge>quantized")]
    rows = same_on_both(stores, "lineage/descendants", model_id="a")
    assert [(r["id"], r["depth"]) for r in rows] == [("c", 1), ("s", 1), ("b", 2)]
    # the cycle has a root below it (d): its family holds everyone
    fam = same_on_both(stores, "lineage/family", model_id="s")
    assert {(r["root"], r["id"]) for r in fam} == {("d", x) for x in "abcds"}


def test_unknown_model_is_an_error_not_an_empty_answer(sample_stores):
    from ptmkg.errors import NotInGraph

    for store in sample_stores.values():
        with pytest.raises(NotInGraph, match="not in the graph"):
            run_named(store, "lineage/ancestors", model_id="nobody/no-such-model")


def test_legacy_alias_resolves(sample_stores):
    rows = same_on_both(sample_stores, "lineage/base-models", model_id="gpt2")
    direct = same_on_both(sample_stores, "lineage/base-models", model_id="openai-community/gpt2")
    assert rows == direct
