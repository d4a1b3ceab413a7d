"""The datasets pack: both stores agree, and on the real sample the answers equal an
independent computation over the raw files (the hub-stats JSONL for models, datasets and
lineage; PeaTMOSS mapping.csv for repository usage), done here in plain Python and
networkx, never through ptmkg's loaders. Dataset licenses are not in the sample, so the
license question is also tested on a small synthetic graph.

The raw-data reference below is shared with the impact and quality pack tests."""

from __future__ import annotations

import csv
import json
import random
from collections import defaultdict
from functools import lru_cache

import networkx as nx
import pytest

from ptmkg.graph.schema import Batch
from tests.conftest import SHARED
from tests.query_support import lineage_graph, raw_models, same_on_both, without_self_loops

MAPPING = SHARED / "peatmoss" / "mapping.csv"
# The organizations that received Hugging Face's legacy owner-less ids (gpt2 ->
# openai-community/gpt2), as documented in README "Loading data" / loaders/identity.py.
LEGACY_ORGS = ("openai-community", "google-bert", "google-t5", "facebookai", "distilbert", "albert")


# -- an independent reference of the sample, from the raw files --------------------------
def _as_list(v):  # type: ignore[no-untyped-def]
    return [] if v is None else (v if isinstance(v, list) else [v])


@lru_cache(maxsize=1)
def records() -> dict[str, dict]:
    """lower-case id -> raw record of every model the sample describes (its `loaded` models)."""
    return {r["id"].lower(): r for r in raw_models()}


@lru_cache(maxsize=1)
def mapping_rows() -> tuple[tuple[str, str, str, str], ...]:
    """(repository key, repository id, model key as written, license column) of mapping.csv."""
    out = []
    for row in csv.reader(open(MAPPING, newline="")):
        if not row:
            continue
        repo = row[0].strip()
        if repo.lower().startswith("github.com/"):
            repo = repo[len("github.com/") :]
        out.append((repo.lower(), repo, row[1].strip().lower(), row[3].strip()))
    return tuple(out)


@lru_cache(maxsize=1)
def canon() -> dict[str, str]:
    """Legacy bare id -> its current org/name: exactly one LEGACY_ORGS/<id> is a loaded model."""
    loaded = records()
    bare = {n for n in lineage_graph() if "/" not in n} | {m for _, _, m, _ in mapping_rows() if "/" not in m}
    out = {}
    for b in bare:
        found = [f"{org}/{b}" for org in LEGACY_ORGS if f"{org}/{b}" in loaded]
        if len(found) == 1:
            out[b] = found[0]
    return out


def ck(key: str) -> str:
    return canon().get(key, key)


@lru_cache(maxsize=1)
def merged_lineage() -> nx.DiGraph:
    """lineage_graph with legacy bare ids merged into their current node (as the graph does)."""
    g = lineage_graph()
    m = nx.DiGraph()
    for n, data in g.nodes(data=True):
        m.add_node(ck(n))
        if data.get("loaded"):
            m.nodes[ck(n)].update(data)
    for a, b, data in g.edges(data=True):
        m.add_edge(ck(a), ck(b), **data)
    for n in m:
        m.nodes[n].setdefault("loaded", False)
    return m


@lru_cache(maxsize=1)
def lineage_dag() -> nx.DiGraph:
    return without_self_loops(merged_lineage())


@lru_cache(maxsize=1)
def trained_on() -> dict[str, dict[str, frozenset[str]]]:
    """model key -> dataset key -> the places it was declared (hf:card, hf:tag)."""
    out: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for key, r in records().items():
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        for d in _as_list(card.get("datasets")):
            if isinstance(d, str) and d.strip():
                out[key][d.strip().lower()].add("hf:card")
        for t in r["tags"]:
            if t.startswith("dataset:"):
                out[key][t[len("dataset:") :].strip().lower()].add("hf:tag")
    return {m: {d: frozenset(s) for d, s in ds.items()} for m, ds in out.items()}


@lru_cache(maxsize=1)
def trainers() -> dict[str, set[str]]:
    """dataset key -> models trained on it."""
    out: dict[str, set[str]] = defaultdict(set)
    for m, ds in trained_on().items():
        for d in ds:
            out[d].add(m)
    return dict(out)


@lru_cache(maxsize=1)
def users() -> dict[str, set[str]]:
    """model key (legacy ids resolved) -> repository keys that use it."""
    out: dict[str, set[str]] = defaultdict(set)
    for rkey, _, mkey, _ in mapping_rows():
        out[ck(mkey)].add(rkey)
    return dict(out)


@lru_cache(maxsize=1)
def repo_ids() -> dict[str, str]:
    return {rkey: rid for rkey, rid, _, _ in mapping_rows()}


@lru_cache(maxsize=1)
def referenced_ids() -> dict[str, str]:
    """key -> spelling of models only referenced: the first one met (base models in file
    order, baseModels before the card before tags; then mapping.csv)."""
    out: dict[str, str] = {}
    for r in raw_models():
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        refs = [m["id"] for m in (r["baseModels"] or {}).get("models", [])]
        refs += [b.strip() for b in _as_list(card.get("base_model")) if isinstance(b, str)]
        refs += [t.split(":")[-1] for t in r["tags"] if t.startswith("base_model:")]
        for ref in refs:
            out.setdefault(ck(ref.lower()), ref)
    for row in csv.reader(open(MAPPING, newline="")):
        if row:
            out.setdefault(ck(row[1].strip().lower()), row[1].strip())
    return out


def model_id(key: str) -> str:
    r = records().get(key)
    return r["id"] if r else referenced_ids().get(key, key)


def downloads(key: str) -> int | None:
    r = records().get(key)
    return r["downloads"] if r else None


def down_rank(dl: int | None) -> int:
    """Ranking value of downloads: unknown sorts after every known count."""
    return -1 if dl is None else dl


def descendants_depth(key: str) -> dict[str, int]:
    """Every model derived from key (key itself at 0) -> shortest distance down."""
    if key not in lineage_dag():
        return {key: 0}
    return dict(nx.single_source_shortest_path_length(lineage_dag().reverse(copy=False), key))


def ancestors_depth(key: str) -> dict[str, int]:
    """key itself (0) and every ancestor -> shortest distance up."""
    if key not in lineage_dag():
        return {key: 0}
    return dict(nx.single_source_shortest_path_length(lineage_dag(), key))


def deepest_models(n: int) -> list[str]:
    h = lineage_dag()
    longest: dict[str, int] = {}
    for node in reversed(list(nx.topological_sort(h))):
        longest[node] = 1 + max((longest[b] for b in h.successors(node)), default=-1)
    return [k for k, _ in sorted(longest.items(), key=lambda kv: (-kv[1], kv[0]))[:n]]


def self_loop_models() -> list[str]:
    return sorted(n for n, _ in nx.selfloop_edges(merged_lineage()))


# -- the reference itself is sane -----------------------------------------------------------
def test_the_reference_sees_what_the_sample_holds():
    assert canon()["gpt2"] == "openai-community/gpt2"
    assert sum(len(d) for d in trained_on().values()) > 3000
    assert len(repo_ids()) == 7956
    assert nx.dag_longest_path_length(lineage_dag()) >= 70
    assert any(trained_on().get(m) for m in self_loop_models())  # a self-reference with datasets


# -- datasets/training-data -----------------------------------------------------------------
def expected_training_data(model: str) -> list[tuple]:
    rows = []
    for anc, depth in ancestors_depth(model).items():
        for d, places in trained_on().get(anc, {}).items():
            rows.append((d, depth, anc, places))
    return rows


def with_inherited_data(n: int) -> list[str]:
    """Models that train on data themselves and inherit more from ancestors, most first."""
    scored = []
    for m in trained_on():
        inherited = sum(1 for a in ancestors_depth(m) if a != m and trained_on().get(a))
        if inherited:
            scored.append((-inherited, m))
    return [m for _, m in sorted(scored)[:n]]


def training_models() -> list[str]:
    rng = random.Random(7)
    loops_with_data = [m for m in self_loop_models() if trained_on().get(m)]
    return deepest_models(2) + with_inherited_data(3) + loops_with_data + rng.sample(sorted(trained_on()), 4)


@pytest.mark.parametrize("model", training_models())
def test_training_data_includes_what_ancestors_were_trained_on(sample_stores, model):
    rows = same_on_both(sample_stores, "datasets/training-data", model_id=model)
    got = [(r["dataset"].lower(), r["depth"], r["through"].lower(), frozenset(r["source"])) for r in rows]
    assert sorted(got) == sorted(expected_training_data(model))
    assert len(got) == len(set((d, t) for d, _, t, _ in got))  # one row per (dataset, declaring model)
    assert all((r["depth"] == 0) == (r["through"].lower() == model) for r in rows)
    assert [(r["depth"], r["dataset"], r["through"]) for r in rows] == sorted((r["depth"], r["dataset"], r["through"]) for r in rows)


def test_training_data_of_the_richest_inheritor(sample_stores):
    model = with_inherited_data(1)[0]
    rows = same_on_both(sample_stores, "datasets/training-data", model_id=model)
    assert max(r["depth"] for r in rows) >= 3
    assert any(r["depth"] == 0 for r in rows)


def test_training_data_through_a_legacy_alias(sample_stores):
    rows = same_on_both(sample_stores, "datasets/training-data", model_id="gpt2")
    assert rows == same_on_both(sample_stores, "datasets/training-data", model_id="openai-community/gpt2")
    got = sorted((r["dataset"].lower(), r["depth"], r["through"].lower()) for r in rows)
    assert got == sorted((d, depth, t) for d, depth, t, _ in expected_training_data("openai-community/gpt2"))


# -- datasets/built-on ----------------------------------------------------------------------
def expected_built_on(dataset: str) -> list[tuple]:
    best: dict[str, tuple[int, str]] = {}
    for t in trainers()[dataset]:
        for d, depth in descendants_depth(t).items():
            cand = (depth, model_id(t))
            if d not in best or cand < best[d]:
                best[d] = cand
    rows = [(model_id(d), depth, via, downloads(d)) for d, (depth, via) in best.items()]
    return sorted(rows, key=lambda r: (r[1], -down_rank(r[3]), r[0]))


def built_on_datasets() -> list[str]:
    reach = {d: len({x for t in ts for x in descendants_depth(t)}) for d, ts in trainers().items()}
    biggest = sorted(reach, key=lambda d: (-reach[d], d))[:2]
    rng = random.Random(3)
    return biggest + ["trl-lib/ultrafeedback_binarized", "eleutherai/pile"] + rng.sample(sorted(reach), 4)


@pytest.mark.parametrize("dataset", built_on_datasets())
def test_built_on(sample_stores, dataset):
    rows = same_on_both(sample_stores, "datasets/built-on", dataset_id=dataset)
    assert [(r["model"], r["depth"], r["via"], r["downloads"]) for r in rows] == expected_built_on(dataset)


def test_built_on_reaches_far_below_the_trained_models(sample_stores):
    dataset = built_on_datasets()[0]
    rows = same_on_both(sample_stores, "datasets/built-on", dataset_id=dataset)
    assert len(rows) > len(trainers()[dataset]) * 2
    assert max(r["depth"] for r in rows) >= 3
    assert sum(r["depth"] == 0 for r in rows) == len(trainers()[dataset])


# -- datasets/exposed-repositories ----------------------------------------------------------
def expected_exposed(dataset: str) -> set[tuple[str, str]]:
    affected = {x for t in trainers()[dataset] for x in descendants_depth(t)}
    return {(r, m) for m in affected for r in users().get(m, ())}


def exposed_datasets() -> list[str]:
    counts = {d: len(expected_exposed(d)) for d in trainers()}
    ranked = sorted((d for d in counts if counts[d]), key=lambda d: (-counts[d], d))
    return ranked[:3] + ranked[-2:]


@pytest.mark.parametrize("dataset", exposed_datasets())
def test_exposed_repositories(sample_stores, dataset):
    rows = same_on_both(sample_stores, "datasets/exposed-repositories", dataset_id=dataset)
    expected = expected_exposed(dataset)
    assert expected  # chosen so there is something to find
    assert [(r["repository"].lower(), r["model"].lower()) for r in rows] == sorted(expected, key=lambda rm: (repo_ids()[rm[0]], model_id(rm[1])))
    assert {r["dataset"].lower() for r in rows} == {dataset}


# -- datasets/restrictive-licenses ----------------------------------------------------------
def test_restrictive_licenses_on_the_sample(sample_stores):
    """The sample loads no dataset records, so no dataset has a license (computed from the
    raw data: the hub-stats table describes models only)."""
    rows = same_on_both(sample_stores, "datasets/restrictive-licenses", limit=1000)
    assert rows == []
    for s in sample_stores.values():
        assert s.run("MATCH (d:Dataset)-[r:LICENSED_UNDER]->(:License) RETURN count(r) AS n")[0]["n"] == 0


# -- synthetic graphs (they empty the Neo4j test database: kept last, so the sample loads once) --
def test_exposed_repositories_through_a_derivative(stores):
    """Repository -> derivative -> ... -> trained model -> dataset, over a cycle and a
    self-reference; a repository using only an unrelated model is not exposed."""
    b = Batch()
    b.ref("Dataset", "org/data", id="Org/Data")
    for k in ("t", "c1", "c2", "c3", "x"):
        b.ref("Model", k, id=k.upper(), loaded=True)
    b.rel("TRAINED_ON", "Model", "t", "Dataset", "org/data", source=["test"])
    for child, base in [("c1", "t"), ("c2", "c1"), ("c3", "c2"), ("c1", "c3"), ("c2", "c2")]:
        b.rel("BASED_ON", "Model", child, "Model", base, relation="finetune", source=["test"])
    for repo, model in [("o/r1", "c3"), ("o/r1", "t"), ("o/r2", "x"), ("o/r3", "c2")]:
        b.ref("Repository", repo, id=repo.upper())
        b.rel("USES", "Repository", repo, "Model", model, source=["test"])
    for s in stores.values():
        s.write(b)
    rows = same_on_both(stores, "datasets/exposed-repositories", dataset_id="org/data")
    assert [(r["repository"], r["model"], r["dataset"]) for r in rows] == [
        ("O/R1", "C3", "Org/Data"), ("O/R1", "T", "Org/Data"), ("O/R3", "C2", "Org/Data")
    ]
    built = same_on_both(stores, "datasets/built-on", dataset_id="org/data")
    assert [(r["model"], r["depth"], r["via"]) for r in built] == [("T", 0, "T"), ("C1", 1, "T"), ("C2", 2, "T"), ("C3", 3, "T")]
    data = same_on_both(stores, "datasets/training-data", model_id="c2")
    assert [(r["dataset"], r["depth"], r["through"], r["source"]) for r in data] == [("Org/Data", 2, "T", ["test"])]


def restrictions_of(terms: dict) -> list[str]:
    """The rule the query documents, written again from its Note."""
    out = []
    if terms.get("commercial") == "prohibited":
        out.append("non-commercial")
    if terms.get("commercial") == "conditional":
        out.append("commercial-conditional")
    if terms.get("derivative_license") == "not-distributable":
        out.append("no-derivatives")
    if terms.get("derivative_license") in ("same", "same-or-compatible") or terms.get("copyleft") == "share-alike":
        out.append("share-alike")
    if terms.get("copyleft") in ("weak", "strong", "network"):
        out.append("copyleft")
    if terms.get("use_restrictions") == "yes":
        out.append("use-restrictions")
    return out


def test_restrictive_licenses_on_a_synthetic_graph(stores):
    """Real license terms (from the license knowledge ptmkg ships) on synthetic datasets."""
    from ptmkg.loaders.license_knowledge import license_node_row, normalize

    licensed = {  # dataset -> license strings
        "a/nc": ["cc-by-nc-4.0"],
        "a/nd": ["cc-by-nd-4.0"],
        "a/sa": ["cc-by-sa-4.0"],
        "a/gpl": ["gpl-3.0"],
        "a/rail": ["openrail"],
        "a/free": ["apache-2.0"],
        "a/two": ["mit", "cc-by-nc-sa-4.0"],
        "a/unused": ["cc-by-nc-4.0"],
        "a/odd": ["some license nobody knows"],
    }
    trained = {"m1": ["a/nc", "a/free", "a/two"], "m2": ["a/nc", "a/sa", "a/rail"], "m3": ["a/nd", "a/gpl", "a/odd"], "m4": ["a/free"]}
    b = Batch()
    terms = {}
    for ds, lics in licensed.items():
        b.ref("Dataset", ds, id=ds.upper())
        for raw in lics:
            m = normalize(raw)
            row = license_node_row(m)
            terms[m.key] = (row.get("id", m.id), row)
            b.ref("License", m.key, **row)
            b.rel("LICENSED_UNDER", "Dataset", ds, "License", m.key, raw=raw, source=["test"])
    for model, dss in trained.items():
        b.ref("Model", model, id=model.upper(), loaded=True)
        for ds in dss:
            b.rel("TRAINED_ON", "Model", model, "Dataset", ds, source=["test"])
    for s in stores.values():
        s.write(b)
    # what the rule says about the real terms: checked against common knowledge first
    by_raw = {raw: restrictions_of(terms[normalize(raw).key][1]) for lics in licensed.values() for raw in lics}
    assert "non-commercial" in by_raw["cc-by-nc-4.0"]
    assert "no-derivatives" in by_raw["cc-by-nd-4.0"]
    assert "share-alike" in by_raw["cc-by-sa-4.0"]
    assert {"non-commercial", "share-alike"} <= set(by_raw["cc-by-nc-sa-4.0"])
    assert "copyleft" in by_raw["gpl-3.0"]
    assert "use-restrictions" in by_raw["openrail"]
    assert by_raw["apache-2.0"] == by_raw["mit"] == by_raw["some license nobody knows"] == []

    expected = []
    for model, dss in trained.items():
        for ds in dss:
            for raw in licensed[ds]:
                lic_id, row = terms[normalize(raw).key]
                if restrictions_of(row):
                    expected.append((ds.upper(), lic_id, restrictions_of(row), model.upper()))
    expected.sort(key=lambda r: (r[0], r[1], r[3]))
    rows = same_on_both(stores, "datasets/restrictive-licenses", limit=1000)
    assert [(r["dataset"], r["license"], r["restrictions"], r["model"]) for r in rows] == expected
    assert {r["dataset"] for r in rows} == {"A/NC", "A/ND", "A/SA", "A/GPL", "A/RAIL", "A/TWO"}
    assert same_on_both(stores, "datasets/restrictive-licenses", limit=3) == rows[:3]
