"""The quality pack: whole-graph data-quality scans. On the real sample each answer equals
an independent computation over the raw files (hub-stats JSONL, PeaTMOSS mapping.csv and
all_gh_licenses.json; lineage with networkx); synthetic graphs cover what the sample lacks
(a real cycle behind an exponential merge ladder, other edge sources, dataset licenses)."""

from __future__ import annotations

import json
import re
from collections import defaultdict

import networkx as nx
import pytest

from ptmkg.graph.schema import Batch
from tests.conftest import SHARED
from tests.query_support import raw_models, run_named, same_on_both
from tests.test_datasets_pack import (
    ck,
    down_rank,
    downloads,
    mapping_rows,
    merged_lineage,
    model_id,
    records,
)

ALL = 100_000
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _as_list(v):  # type: ignore[no-untyped-def]
    return [] if v is None else (v if isinstance(v, list) else [v])


def card(r: dict) -> dict:
    return json.loads(r["cardData"]) if r["cardData"] else {}


# -- quality/self-references ----------------------------------------------------------------
def base_mentions(r: dict) -> dict[str, set[str]]:
    """base key -> the places of the raw record that name it."""
    out: dict[str, set[str]] = defaultdict(set)
    for m in (r["baseModels"] or {}).get("models", []):
        out[ck(m["id"].lower())].add("hf:baseModels")
    for b in _as_list(card(r).get("base_model")):
        if isinstance(b, str) and b.strip():
            out[ck(b.strip().lower())].add("hf:card")
    for t in r["tags"]:
        if t.startswith("base_model:"):
            out[ck(t.split(":")[-1].lower())].add("hf:tag")
    return out


def test_self_references(sample_stores):
    g = merged_lineage()
    expected = []
    for key, r in records().items():
        places = base_mentions(r).get(key)
        if places:
            others = sum(1 for b in g.successors(key) if b != key)
            expected.append((r["id"], g.edges[key, key]["relation"], places, True, others))
    expected.sort()
    assert len(expected) >= 5
    rows = same_on_both(sample_stores, "quality/self-references", limit=ALL)
    assert [(r["id"], r["relation"], set(r["source"]), r["loaded"], r["other_bases"]) for r in rows] == expected
    assert same_on_both(sample_stores, "quality/self-references", limit=2) == rows[:2]


# -- quality/cycles ---------------------------------------------------------------------------
def expected_cycles(g: nx.DiGraph) -> list[tuple[str, int]]:
    """Models on a cycle of two or more hops, with the shortest such cycle's length."""
    h = g.copy()
    h.remove_edges_from(list(nx.selfloop_edges(h)))
    out = []
    for comp in nx.strongly_connected_components(h):
        if len(comp) < 2:
            continue
        for m in comp:
            lengths = [nx.shortest_path_length(h, b, m) + 1 for b in h.successors(m) if nx.has_path(h, b, m)]
            out.append((m, min(lengths)))
    return sorted(out)


def test_no_cycles_in_the_sample(sample_stores):
    expected = expected_cycles(merged_lineage())
    rows = same_on_both(sample_stores, "quality/cycles", limit=ALL)
    assert [(r["id"].lower(), r["length"]) for r in rows] == expected == []


# -- quality/dangling-references --------------------------------------------------------------
def test_dangling_references(sample_stores):
    g = merged_lineage()
    expected = []
    for n, data in g.nodes(data=True):
        if data.get("loaded"):
            continue
        refs = {c for c in g.predecessors(n) if c != n}
        if refs:
            expected.append((model_id(n), len(refs), sum(1 for c in refs if g.nodes[c].get("loaded"))))
    expected.sort(key=lambda r: (-r[1], r[0]))
    assert len(expected) > 100
    assert "openai-community/gpt2" not in {e[0].lower() for e in expected}  # the legacy id was merged
    rows = same_on_both(sample_stores, "quality/dangling-references", limit=ALL)
    assert [(r["id"], r["referenced_by"], r["loaded_referrers"]) for r in rows] == expected
    assert same_on_both(sample_stores, "quality/dangling-references", limit=10) == rows[:10]


# -- quality/models-without-license -----------------------------------------------------------
def declared_licenses(r: dict) -> list[str]:
    c = card(r)
    found = [x.strip() for x in _as_list(c.get("license")) if isinstance(x, str) and x.strip() and len(x) <= 300 and not _CONTROL.search(x)]
    found += [t[len("license:") :] for t in r["tags"] if t.startswith("license:") and t[len("license:") :].strip()]
    return found


def test_models_without_license(sample_stores):
    licensed_by_mapping = {ck(m) for _, _, m, lic in mapping_rows() if lic}
    missing = [k for k, r in records().items() if not declared_licenses(r) and k not in licensed_by_mapping]
    expected = sorted(((model_id(k), downloads(k)) for k in missing), key=lambda r: (-down_rank(r[1]), r[0]))
    assert 10 < len(expected) < len(records())
    rows = same_on_both(sample_stores, "quality/models-without-license", limit=ALL)
    assert [(r["id"], r["downloads"]) for r in rows] == expected
    assert all(r["author"] == records()[r["id"].lower()]["author"] for r in rows)
    assert same_on_both(sample_stores, "quality/models-without-license", limit=5) == rows[:5]


# -- quality/unnormalized-licenses ------------------------------------------------------------
def test_unnormalized_licenses(sample_stores):
    """Users per License key computed from the raw declarations; which key a string names is
    the normalizer's answer (ptmkg.loaders.license_knowledge.normalize, the one function
    every loader shares), the counting and grouping is the query's."""
    from ptmkg.loaders.license_knowledge import normalize

    models: dict[str, set[str]] = defaultdict(set)
    repos: dict[str, set[str]] = defaultdict(set)
    raws: dict[str, set[str]] = defaultdict(set)

    def saw(match, who: str, users: dict) -> None:  # type: ignore[no-untyped-def]
        if match is not None and not match.known:
            users[match.key].add(who)
            raws[match.key].add(match.raw)

    for key, r in records().items():
        c = card(r)
        name = c.get("license_name") if isinstance(c.get("license_name"), str) else None
        link = c.get("license_link") if isinstance(c.get("license_link"), str) else None
        for raw in declared_licenses(r):
            saw(normalize(raw, name=name, link=link), key, models)
    gh = json.load(open(SHARED / "peatmoss" / "all_gh_licenses.json"))
    gh = {k.lower(): v for k, v in gh.items()}
    for rkey, _, mkey, lic in mapping_rows():
        if lic:
            saw(normalize(lic), ck(mkey), models)
        for raw in gh.get(rkey) or []:
            saw(normalize(raw, scheme="scancode"), rkey, repos)
    expected = {k: (len(models[k]), len(repos[k])) for k in set(models) | set(repos)}
    assert len(expected) > 20 and any(m for m, _ in expected.values()) and any(r for _, r in expected.values())

    rows = same_on_both(sample_stores, "quality/unnormalized-licenses", limit=ALL)
    used = {r["license"]: (r["models"], r["repositories"]) for r in rows if r["models"] + r["repositories"] + r["datasets"]}
    assert used == expected
    for r in rows:
        assert r["raw"] == sorted(set(r["raw"]))
        assert set(r["raw"]) <= raws.get(r["license"], set())
        assert bool(r["raw"]) == (r["license"] in expected)
        assert r["datasets"] == 0
    ranks = [(-(r["models"] + r["repositories"] + r["datasets"]), r["license"]) for r in rows]
    assert ranks == sorted(ranks)
    assert same_on_both(sample_stores, "quality/unnormalized-licenses", limit=3) == rows[:3]


# -- quality/single-source-edges --------------------------------------------------------------
def test_single_source_edges(sample_stores):
    places: dict[tuple[str, str], set[str]] = defaultdict(set)
    for key, r in records().items():
        for base, where in base_mentions(r).items():
            places[key, base] |= where
    n = 4
    expected = []
    for source in sorted({p for ps in places.values() for p in ps}):
        singles = sorted(f"{model_id(c)} -> {model_id(b)}" for (c, b), ps in places.items() if ps == {source})
        total = sum(1 for ps in places.values() if source in ps)
        expected.append({"source": source, "single_source": len(singles), "total": total, "examples": singles[:n]})
    expected.sort(key=lambda r: (-r["single_source"], r["source"]))
    assert expected[0]["source"] == "hf:card" and expected[0]["single_source"] > 400  # README: ~455 card-only references
    rows = same_on_both(sample_stores, "quality/single-source-edges", examples=n)
    assert rows == expected


@pytest.mark.parametrize("store_kind", ["ladybug", "neo4j"])
def test_limits_must_be_integers(sample_stores, store_kind):
    from ptmkg.errors import ParameterError

    with pytest.raises(ParameterError):
        run_named(sample_stores[store_kind], "quality/cycles", limit="many")


def test_raw_sample_is_what_the_reference_reads():
    assert len(raw_models()) == len(records()) == 4167


# -- synthetic graphs (they empty the Neo4j test database: kept last, so the sample loads once) --
def test_cycles_behind_an_exponential_merge_ladder(stores):
    """A ladder of 40 merge levels (2^40 paths from its top) over a 3-cycle, a 2-cycle that
    also has a self-reference, a 4-cycle with a chord, and plain self-references: path
    enumeration would never finish; a reachability test does."""
    g = nx.DiGraph()
    levels = 40
    for i in range(levels):
        for a in (f"l{i}a", f"l{i}b"):
            for b in (f"l{i + 1}a", f"l{i + 1}b"):
                g.add_edge(a, b)
    g.add_edge(f"l{levels}a", "x")
    g.add_edge(f"l{levels}b", "x")
    g.add_edges_from([("x", "y"), ("y", "z"), ("z", "x"), ("z", "out")])  # 3-cycle
    g.add_edges_from([("p", "q"), ("q", "p"), ("p", "p")])  # 2-cycle + self-reference
    g.add_edges_from([("c1", "c2"), ("c2", "c3"), ("c3", "c4"), ("c4", "c1"), ("c1", "c3")])  # chord
    g.add_edges_from([("s", "s"), ("s", "x")])  # self-reference only
    b = Batch()
    for n in g:
        b.ref("Model", n, id=n.upper(), loaded=n != "out")
    for x, y in g.edges:
        b.rel("BASED_ON", "Model", x, "Model", y, relation="merge", source=["test"])
    for s in stores.values():
        s.write(b)
    expected = expected_cycles(g)
    assert {m for m, _ in expected} == {"x", "y", "z", "p", "q", "c1", "c2", "c3", "c4"}
    assert dict(expected)["c1"] == 3 and dict(expected)["c2"] == 4 and dict(expected)["p"] == 2
    rows = same_on_both(stores, "quality/cycles", limit=100)
    assert [(r["id"].lower(), r["length"], r["loaded"]) for r in rows] == [(m, n, True) for m, n in expected]
    assert same_on_both(stores, "quality/cycles", limit=4) == rows[:4]
    # the lineage queries of the other packs terminate on the same graph
    top = same_on_both(stores, "impact/blast-radius", model_id="x", limit=1000)
    assert {r["id"].lower() for r in top} == set(nx.ancestors(g, "x")) - {"x"}
    assert len(same_on_both(stores, "datasets/training-data", model_id="l0a")) == 0
    refs = same_on_both(stores, "quality/self-references", limit=100)
    assert [(r["id"], r["other_bases"]) for r in refs] == [("P", 1), ("S", 1)]


def test_unnormalized_licenses_synthetic(stores):
    b = Batch()
    b.ref("License", "unknown:foo", id="foo", known=False)
    b.ref("License", "other", id="other", known=False)
    b.ref("License", "unknown:nobody", id="nobody", known=False)
    b.ref("License", "mit", id="MIT", known=True)
    for k in ("m1", "m2", "m3"):
        b.ref("Model", k, id=k.upper(), loaded=True)
    b.ref("Repository", "o/r", id="o/r")
    b.ref("Dataset", "d/x", id="d/x")
    edges = [
        ("Model", "m1", "unknown:foo", "Foo"),
        ("Model", "m2", "unknown:foo", "foo "),
        ("Repository", "o/r", "unknown:foo", "foo"),
        ("Dataset", "d/x", "unknown:foo", "Foo"),
        ("Model", "m3", "other", "other"),
        ("Model", "m1", "mit", "MIT"),
    ]
    for label, who, lic, raw in edges:
        b.rel("LICENSED_UNDER", label, who, "License", lic, raw=raw, source=["test"])
    for s in stores.values():
        s.write(b)
    rows = same_on_both(stores, "quality/unnormalized-licenses", limit=10)
    assert rows == [
        {"license": "unknown:foo", "raw": ["Foo", "foo", "foo "], "models": 2, "repositories": 1, "datasets": 1},
        {"license": "other", "raw": ["other"], "models": 1, "repositories": 0, "datasets": 0},
        {"license": "unknown:nobody", "raw": [], "models": 0, "repositories": 0, "datasets": 0},
    ]


def test_single_source_edges_synthetic(stores):
    b = Batch()
    for k in "abcdefg":
        b.ref("Model", k, id=k.upper(), loaded=True)
    edges = [
        ("a", "b", ["peatmoss:mapping"]),
        ("c", "b", ["peatmoss:mapping"]),
        ("d", "b", ["peatmoss:mapping"]),
        ("e", "f", ["hf:card", "peatmoss:mapping"]),
        ("g", "g", ["curated"]),
        ("a", "f", ["hf:tag", "hf:card"]),
    ]
    for x, y, src in edges:
        b.rel("BASED_ON", "Model", x, "Model", y, relation="finetune", source=src)
    for s in stores.values():
        s.write(b)
    rows = same_on_both(stores, "quality/single-source-edges", examples=2)
    assert rows == [
        {"source": "peatmoss:mapping", "single_source": 3, "total": 4, "examples": ["A -> B", "C -> B"]},
        {"source": "curated", "single_source": 1, "total": 1, "examples": ["G -> G"]},
        {"source": "hf:card", "single_source": 0, "total": 2, "examples": []},
        {"source": "hf:tag", "single_source": 0, "total": 1, "examples": []},
    ]


def test_whole_graph_scans_on_an_empty_graph(stores):
    for name in ("quality/self-references", "quality/cycles", "quality/dangling-references", "quality/models-without-license", "quality/unnormalized-licenses"):
        assert same_on_both(stores, name, limit=10) == []
    assert same_on_both(stores, "quality/single-source-edges", examples=3) == []
