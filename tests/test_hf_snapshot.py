"""The Hugging Face snapshot loader on the real 4,167-model sample, on both stores.

Expected values are computed here from the raw JSONL with plain Python, independently of
the loader's mapping code."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from ptmkg.loaders import hf_snapshot
from tests.conftest import SHARED

JSONL = SHARED / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl"
PARQUET = SHARED / "hub-stats-sample" / "hub_stats_frozen.parquet"


def raw_rows() -> list[dict]:
    return [json.loads(line) for line in open(JSONL)]


def as_list(v) -> list:
    if v is None:
        return []
    return v if isinstance(v, list) else [v]


def expected(rows: list[dict]) -> dict:
    """Independent reading of the raw rows."""
    loaded = {r["id"].lower() for r in rows}
    based_on: dict[tuple[str, str], set[str]] = {}
    relation: dict[tuple[str, str], str] = {}
    trained, cites, lic_models, orgs = set(), set(), set(), set()
    self_refs = set()
    for r in rows:
        me = r["id"].lower()
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        if r.get("author"):
            orgs.add(r["author"].lower())
        places = []
        if r["baseModels"]:
            places += [(m["id"], "hf:baseModels") for m in r["baseModels"]["models"]]
            for m in r["baseModels"]["models"]:
                relation[(me, m["id"].lower())] = r["baseModels"]["relation"]
        places += [(b, "hf:card") for b in as_list(card.get("base_model")) if isinstance(b, str)]
        places += [(t.split(":")[-1], "hf:tag") for t in r["tags"] if t.startswith("base_model:")]
        for base, where in places:
            based_on.setdefault((me, base.strip().lower()), set()).add(where)
            if base.strip().lower() == me:
                self_refs.add(me)
        ds = [d for d in as_list(card.get("datasets")) if isinstance(d, str)] + [t[8:] for t in r["tags"] if t.startswith("dataset:")]
        trained |= {(me, d.strip().lower()) for d in ds}
        cites |= {(me, t.lower()) for t in r["tags"] if t.startswith(("arxiv:", "doi:"))}
        if card.get("license") or any(t.startswith("license:") for t in r["tags"]):
            lic_models.add(me)
    models = loaded | {b for (_, b) in based_on}
    return {
        "loaded": loaded,
        "models": models,
        "based_on": based_on,
        "relation": relation,
        "trained": trained,
        "datasets": {d for (_, d) in trained},
        "cites": cites,
        "papers": {p for (_, p) in cites},
        "licensed_models": lic_models,
        "orgs": orgs,
        "self_refs": self_refs,
    }


@pytest.fixture(scope="module")
def exp() -> dict:
    return expected(raw_rows())


def test_sample_counts_match_the_raw_file(store, exp, tmp_path):
    rep = hf_snapshot.load(store, PARQUET, rejects=tmp_path / "rej.jsonl", progress=False, resume=False)
    assert (rep.read, rep.loaded, rep.rejected) == (4167, 4167, 0)
    c = store.counts()
    assert c["nodes"]["Model"] == len(exp["models"])
    assert c["relationships"]["BASED_ON"] == len(exp["based_on"])
    assert c["nodes"]["Dataset"] == len(exp["datasets"])
    assert c["relationships"]["TRAINED_ON"] == len(exp["trained"])
    assert c["nodes"]["Paper"] == len(exp["papers"])
    assert c["relationships"]["CITES"] == len(exp["cites"])
    assert c["nodes"]["Organization"] == len(exp["orgs"])
    assert c["relationships"]["PUBLISHED_BY"] == 4167
    loaded = store.run("MATCH (m:Model) WHERE m.loaded = true RETURN count(m) AS n")[0]["n"]
    assert loaded == len(exp["loaded"])
    with_license = store.run("MATCH (m:Model)-[:LICENSED_UNDER]->(:License) RETURN count(DISTINCT m) AS n")[0]["n"]
    assert with_license == len(exp["licensed_models"])
    # a self-reference is kept as an edge, and reported
    loops = {r["k"] for r in store.run("MATCH (m:Model)-[:BASED_ON]->(m) RETURN m.key AS k")}
    assert loops == exp["self_refs"] and loops
    notes = [json.loads(line) for line in open(tmp_path / "rej.jsonl")]
    assert sum(n["reason"].startswith("self-reference") for n in notes) == len(exp["self_refs"])


def test_edge_provenance_and_relation(store, exp):
    hf_snapshot.load(store, PARQUET, progress=False, resume=False)
    rows = store.run("MATCH (a:Model)-[r:BASED_ON]->(b:Model) RETURN a.key AS a, b.key AS b, r.source AS s, r.relation AS rel")
    got = {(r["a"], r["b"]): set(r["s"]) for r in rows}
    assert got == exp["based_on"]
    rels = {(r["a"], r["b"]): r["rel"] for r in rows}
    for pair, rel in exp["relation"].items():
        assert rels[pair] == rel, pair
    # edges seen only in the card or the tags (not in baseModels) are there too
    assert any(s == {"hf:card"} or s == {"hf:tag"} or s == {"hf:card", "hf:tag"} for s in got.values())


def test_referenced_models_are_nodes_marked_not_loaded(store, exp):
    hf_snapshot.load(store, PARQUET, progress=False, resume=False)
    unloaded = {r["k"] for r in store.run("MATCH (m:Model) WHERE m.loaded = false RETURN m.key AS k")}
    assert unloaded == exp["models"] - exp["loaded"]


def test_parquet_and_jsonl_give_the_same_graph(stores):
    from tests.test_store_conformance import dump

    emb = stores["ladybug"]
    hf_snapshot.load(emb, PARQUET, progress=False, resume=False)
    a = dump(emb)
    emb.clear()
    hf_snapshot.load(emb, JSONL, progress=False, resume=False)
    assert dump(emb) == a


def test_properties_of_one_real_model(store):
    hf_snapshot.load(store, PARQUET, progress=False, resume=False)
    row = next(r for r in raw_rows() if r["id"] == "Qwen/Qwen1.5-MoE-A2.7B")
    got = store.run(
        "MATCH (m:Model {key: $k}) RETURN m.id AS id, m.author AS author, m.downloads AS d, m.likes AS l, "
        "m.task AS task, m.library AS lib, m.parameters AS p, m.created_at AS c, m.domain AS dom",
        {"k": "qwen/qwen1.5-moe-a2.7b"},
    )
    assert got == [
        {
            "id": row["id"],
            "author": row["author"],
            "d": row["downloads"],
            "l": row["likes"],
            "task": row["pipeline_tag"],
            "lib": row["library_name"],
            "p": row["safetensors"]["total"],
            "c": row["createdAt"],
            "dom": "nlp",
        }
    ]


def test_case_variants_of_one_id_are_one_node(store):
    # the sample's cards spell some base models in another case than their own records
    hf_snapshot.load(store, PARQUET, progress=False, resume=False)
    got = store.run("MATCH (m:Model {key: 'huggingfaceh4/zephyr-7b-beta'}) RETURN m.id AS id")
    assert got == [{"id": "HuggingFaceH4/zephyr-7b-beta"}]


def test_newer_snapshot_updates_properties_and_lineage(store, tmp_path):
    rows = raw_rows()
    child = next(r for r in rows if r["baseModels"] and len(r["baseModels"]["models"]) >= 2)
    v1 = tmp_path / "v1.jsonl"
    v1.write_text("\n".join(json.dumps(r) for r in rows[:400] + [child]) + "\n")
    hf_snapshot.load(store, v1, progress=False, resume=False)
    key = child["id"].lower()
    before = {r["b"] for r in store.run("MATCH (:Model {key: $k})-[:BASED_ON]->(b) RETURN b.key AS b", {"k": key})}
    dropped = child["baseModels"]["models"][0]["id"]
    # a later loader saw one of the edges too: its claim must survive the update
    kept_by_other = child["baseModels"]["models"][1]["id"].lower()
    store.upsert_relationships("BASED_ON", "Model", "Model", [{"from": key, "to": kept_by_other, "source": ["peatmoss"]}])

    new = json.loads(json.dumps(child))
    new["downloads"] = child["downloads"] + 12345
    new["baseModels"]["models"] = [m for m in new["baseModels"]["models"] if m["id"] != dropped]
    new["tags"] = [t for t in new["tags"] if not t.endswith(":" + dropped)]
    card = json.loads(new["cardData"])
    if isinstance(card.get("base_model"), list):
        card["base_model"] = [b for b in card["base_model"] if b != dropped]
    elif card.get("base_model") == dropped:
        card.pop("base_model")
    new["cardData"] = json.dumps(card)
    new["tags"].append("base_model:merge:brand-new/base")
    v2 = tmp_path / "v2.jsonl"
    v2.write_text(json.dumps(new) + "\n")
    hf_snapshot.load(store, v2, progress=False, resume=False)

    after = {r["b"] for r in store.run("MATCH (:Model {key: $k})-[:BASED_ON]->(b) RETURN b.key AS b", {"k": key})}
    assert after == (before - {dropped.lower()}) | {"brand-new/base"}
    assert store.run("MATCH (m:Model {key: $k}) RETURN m.downloads AS d", {"k": key}) == [{"d": child["downloads"] + 12345}]
    src = store.run("MATCH (:Model {key: $k})-[r:BASED_ON]->(:Model {key: $b}) RETURN r.source AS s", {"k": key, "b": kept_by_other})
    assert "peatmoss" in src[0]["s"]


def test_interrupted_load_resumes_without_duplicates(store, tmp_path, monkeypatch):
    from tests.test_store_conformance import dump

    class Boom(Exception):
        pass

    real_write = store.write
    calls = {"n": 0}

    def flaky(batch, **kw):
        calls["n"] += 1
        if calls["n"] == 3:
            raise Boom("killed mid-load")
        return real_write(batch, **kw)

    monkeypatch.setattr(store, "write", flaky)
    with pytest.raises(Boom):
        hf_snapshot.load(store, JSONL, progress=False, resume=True, batch_records=500)
    monkeypatch.setattr(store, "write", real_write)
    rep = hf_snapshot.load(store, JSONL, progress=False, resume=True, batch_records=500)
    assert rep.skipped == 1000  # two batches were committed before the crash
    resumed = dump(store)
    store.clear()
    hf_snapshot.load(store, JSONL, progress=False, resume=False)
    assert dump(store) == resumed
