"""The impact pack: blast radius of a model on the real sample equals an independent
computation over the raw files (lineage from the hub-stats JSONL, repository usage from
PeaTMOSS mapping.csv, legacy ids resolved), and the ranking rule holds on a synthetic
graph with ties, unknown downloads, a cycle and a self-reference."""

from __future__ import annotations

import pytest

from ptmkg.graph.schema import Batch
from tests.query_support import same_on_both
from tests.test_datasets_pack import (
    deepest_models,
    descendants_depth,
    down_rank,
    downloads,
    lineage_dag,
    model_id,
    repo_ids,
    self_loop_models,
    users,
)

BIG = 100_000


def expected_blast(model: str) -> list[tuple]:
    affected = descendants_depth(model)  # the model itself at depth 0
    rows = [("model", model_id(d), depth, None, downloads(d)) for d, depth in affected.items() if d != model]
    per_repo: dict[str, list[tuple]] = {}
    for d, depth in affected.items():
        for r in users().get(d, ()):
            per_repo.setdefault(r, []).append((-down_rank(downloads(d)), depth, model_id(d)))
    for r, used in per_repo.items():
        _, depth, via = min(used)
        via_key = via.lower()
        rows.append(("repository", repo_ids()[r], depth, via, downloads(via_key)))
    return sorted(rows, key=lambda row: (-down_rank(row[4]), row[0], row[1]))


def blast_models() -> list[str]:
    h = lineage_dag()
    roots = [n for n in h if h.out_degree(n) == 0 and h.in_degree(n) > 0]
    biggest = sorted(roots, key=lambda r: (-len(descendants_depth(r)), r))[:2]
    with_users = sorted(m for m in h if users().get(m) and h.in_degree(m) > 0)
    used_most = sorted(users(), key=lambda m: (-len(users()[m]), m))[:2]
    return biggest + with_users + used_most + ["openai-community/gpt2"] + self_loop_models()[:2] + deepest_models(1)


@pytest.mark.parametrize("model", blast_models())
def test_blast_radius(sample_stores, model):
    rows = same_on_both(sample_stores, "impact/blast-radius", model_id=model, limit=BIG)
    assert [(r["kind"], r["id"], r["depth"], r["via"], r["downloads"]) for r in rows] == expected_blast(model)


def test_blast_radius_of_a_big_family_and_the_limit(sample_stores):
    model = blast_models()[0]
    rows = same_on_both(sample_stores, "impact/blast-radius", model_id=model, limit=BIG)
    assert len(rows) > 300 and max(r["depth"] for r in rows) >= 3
    assert same_on_both(sample_stores, "impact/blast-radius", model_id=model, limit=25) == rows[:25]


def test_blast_radius_counts_repositories_of_a_legacy_id_once(sample_stores):
    """mapping.csv says `gpt2`; the graph merged it into openai-community/gpt2."""
    rows = same_on_both(sample_stores, "impact/blast-radius", model_id="gpt2", limit=BIG)
    repos = [r for r in rows if r["kind"] == "repository"]
    assert len(repos) == len({r["id"] for r in repos}) == len(users()["openai-community/gpt2"]) > 100
    assert {r["via"] for r in repos} == {"openai-community/gpt2"}


def test_blast_radius_ranking_rule(stores):
    """root <- a <- b <- c (c also based on a and on itself), b <- a (a cycle a -> b -> a);
    repositories using several affected models are counted once, through the most
    downloaded one (ties: nearest, then smallest id); unknown downloads rank last."""
    dl = {"root": 5, "a": 100, "b": 100, "c": None, "d": 7, "other": 10_000}
    b = Batch()
    for k, n in dl.items():
        b.node("Model", key=k, id=k.upper(), loaded=True, downloads=n)
    for child, base in [("a", "root"), ("b", "a"), ("c", "b"), ("c", "a"), ("c", "c"), ("a", "b"), ("d", "c")]:
        b.rel("BASED_ON", "Model", child, "Model", base, relation="merge", source=["test"])
    uses = {"r/uses-b-and-a": ["b", "a"], "r/uses-root": ["root"], "r/uses-c": ["c"], "r/uses-c-and-d": ["c", "d"], "r/unrelated": ["other"]}
    for repo, models in uses.items():
        b.ref("Repository", repo, id=repo)
        for m in models:
            b.rel("USES", "Repository", repo, "Model", m, source=["test"])
    for s in stores.values():
        s.write(b)
    rows = same_on_both(stores, "impact/blast-radius", model_id="root", limit=100)
    assert [(r["kind"], r["id"], r["depth"], r["via"], r["downloads"]) for r in rows] == [
        ("model", "A", 1, None, 100),
        ("model", "B", 2, None, 100),
        ("repository", "r/uses-b-and-a", 1, "A", 100),  # a tie on downloads: the nearer model
        ("model", "D", 3, None, 7),
        ("repository", "r/uses-c-and-d", 3, "D", 7),  # known downloads beat unknown
        ("repository", "r/uses-root", 0, "ROOT", 5),  # the model itself
        ("model", "C", 2, None, None),
        ("repository", "r/uses-c", 2, "C", None),
    ]
    assert same_on_both(stores, "impact/blast-radius", model_id="root", limit=3) == rows[:3]
    # from the middle of the cycle: root is not below, the rest is
    rows = same_on_both(stores, "impact/blast-radius", model_id="b", limit=100)
    assert {(r["kind"], r["id"], r["depth"]) for r in rows if r["kind"] == "model"} == {("model", "A", 1), ("model", "C", 1), ("model", "D", 2)}
