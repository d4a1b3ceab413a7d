"""`ptmkg ingest peatmoss`: PeaTMOSS databases built from the real schema and real rows
(see tests/peatmoss_fixture.py), on both stores. Expected counts are computed here, in
plain Python, from the rows the fixture inserted; not through the loader."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from ptmkg.errors import InputError
from ptmkg.loaders import peatmoss
from ptmkg.loaders.license_knowledge import normalize
from tests.peatmoss_fixture import PYTORCH, Fixture, ModelRow, build

HF_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?")
ARXIV = re.compile(r"(?:https?://arxiv\.org/(?:abs|pdf)/)?(\d{4}\.\d{4,5}(?:v\d+)?)(?:\.pdf)?")
PYTORCH_KEYS = {  # written out by hand from the context ids in the fixture
    "pytorch/vision:v0.10.0/resnet18": "pytorchhub:pytorch/vision:resnet18",
    "pytorch/vision:v0.10.0/resnet50": "pytorchhub:pytorch/vision:resnet50",
    "alexnet": "pytorchhub:pytorch/vision:alexnet",
}


# -- expectations from the inserted rows --------------------------------------------------
def model_key(m: ModelRow) -> str:
    return PYTORCH_KEYS[m.context_id] if m.hub_id == PYTORCH else m.context_id.lower()


def dataset_key(name: str) -> str | None:
    v = name.strip()
    if v.startswith("https://huggingface.co/datasets/"):
        v = v[len("https://huggingface.co/datasets/"):]
    return v.lower() if HF_ID.fullmatch(v) else None


def paper_key(value: str) -> str | None:
    m = ARXIV.fullmatch(value.strip())
    return f"arxiv:{m.group(1).lower()}" if m else None


def license_key(raw: str) -> str | None:
    m = normalize(raw)
    return m.key if m else None


def repo_key(mapping_spelling: str) -> str:
    return mapping_spelling.split("/", 1)[1].lower()  # github.com/owner/name


def expected(fx: Fixture) -> dict[str, dict[str, int]]:
    valid = [m for m in fx.models if m.valid]
    models = {model_key(m) for m in valid}
    based = {(model_key(m), b.lower()) for m in valid for b in m.base_models} if fx.enhanced else set()
    models |= {b for _, b in based}
    orgs = {(model_key(m), a.lower()) for m in valid for a in m.authors}
    model_lics = {(model_key(m), k) for m in valid for k in map(license_key, m.licenses) if k}
    repo_lics = {(repo_key(r), k) for r, keys in fx.repo_licenses.items() for k in map(license_key, keys) if k}
    trained = {(model_key(m), k) for m in valid for k in map(dataset_key, m.datasets) if k}
    cites = {(model_key(m), k) for m in valid for k in map(paper_key, m.papers) if k}
    uses = {(repo_key(r), model_key(m)) for m in valid for r in m.repos}
    return {
        "nodes": {
            "Model": len(models),
            "Organization": len({o for _, o in orgs}),
            "License": len({k for _, k in model_lics | repo_lics}),
            "Dataset": len({d for _, d in trained}),
            "Paper": len({p for _, p in cites}),
            "Repository": len({repo_key(r) for r in fx.repos}),
        },
        "relationships": {
            "BASED_ON": len(based),
            "PUBLISHED_BY": len(orgs),
            "LICENSED_UNDER": len(model_lics) + len(repo_lics),
            "TRAINED_ON": len(trained),
            "CITES": len(cites),
            "USES": len(uses),
            "COMPATIBLE_INTO": 0,
        },
    }


@pytest.fixture(params=[False, True], ids=["v1", "enhanced"])
def fixture_db(request: pytest.FixtureRequest, shared_data: Path, tmp_path: Path) -> Fixture:
    return build(shared_data, tmp_path / "PeaTMOSS.db", enhanced=request.param)


def one(store, cypher: str, **params):  # type: ignore[no-untyped-def]
    rows = store.run(cypher, params)
    assert len(rows) == 1, rows
    return rows[0]


# -- tests ----------------------------------------------------------------------------------
def test_counts_match_the_inserted_rows_and_reload_changes_nothing(store, fixture_db: Fixture, tmp_path: Path):
    rejects = tmp_path / "rejects.jsonl"
    report = peatmoss.load(store, fixture_db.path, rejects=rejects, progress=False)
    bad = [m for m in fixture_db.models if not m.valid]
    assert report.read == len(fixture_db.models) + len(fixture_db.repos)
    assert report.rejected == len(bad) == 2
    assert report.loaded == report.read - len(bad)
    want = expected(fixture_db)
    counts = store.counts()
    assert counts == want
    loaded = one(store, "MATCH (m:Model) WHERE m.loaded = true RETURN count(m) AS n")["n"]
    assert loaded == len({model_key(m) for m in fixture_db.models if m.valid})

    lines = [json.loads(x) for x in rejects.read_text().splitlines()]
    rejected = {x["record"]: x["reason"] for x in lines if x["status"] == "rejected"}
    assert rejected == {
        f"model.id {bad[0].row_id}": "missing id: model.context_id is NULL",
        f"model.id {bad[1].row_id}": "wrong type: model.context_id holds int 1512, not a hub id string",
    }

    again = peatmoss.load(store, fixture_db.path, progress=False)
    assert again.loaded == report.loaded
    assert store.counts() == want


def test_every_edge_says_peatmoss(store, fixture_db: Fixture):
    peatmoss.load(store, fixture_db.path, progress=False)
    seen = {}
    for type_ in ("BASED_ON", "PUBLISHED_BY", "LICENSED_UNDER", "TRAINED_ON", "CITES", "USES"):
        rows = store.run(f"MATCH ()-[r:{type_}]->() RETURN r.source AS source")
        seen[type_] = {tuple(r["source"]) for r in rows}
    assert seen == {t: {("peatmoss",)} if n else set() for t, n in expected(fixture_db)["relationships"].items() if t in seen}


def test_hugging_face_model_spot_check(store, fixture_db: Fixture):
    peatmoss.load(store, fixture_db.path, progress=False)
    src = next(m for m in fixture_db.models if m.context_id == "tiiuae/falcon-7b-instruct")
    m = one(store, "MATCH (m:Model {key: $k}) RETURN m.id AS id, m.hub AS hub, m.downloads AS downloads, "
                   "m.task AS task, m.domain AS domain, m.url AS url, m.author AS author, m.library AS library",
            k="tiiuae/falcon-7b-instruct")
    pipeline_tag = next(t for t in src.tags if t in ("text-generation", "text2text-generation"))
    assert m == {"id": "tiiuae/falcon-7b-instruct", "hub": "huggingface", "downloads": src.downloads,
                 "task": pipeline_tag, "domain": "nlp", "url": "https://huggingface.co/tiiuae/falcon-7b-instruct",
                 "author": src.authors[0], "library": src.libraries[0]}
    papers = {r["k"] for r in store.run("MATCH (:Model {key: $k})-[:CITES]->(p:Paper) RETURN p.key AS k", {"k": "tiiuae/falcon-7b-instruct"})}
    assert papers == {k for k in map(paper_key, src.papers) if k} and papers
    used = max((m for m in fixture_db.models if m.valid), key=lambda m: len(m.repos))
    users = {r["k"] for r in store.run("MATCH (r:Repository)-[:USES]->(:Model {key: $k}) RETURN r.key AS k", {"k": model_key(used)})}
    assert users == {repo_key(r) for r in used.repos} and len(users) > 1


def test_pytorch_hub_models_keep_their_own_keys(store, fixture_db: Fixture):
    peatmoss.load(store, fixture_db.path, progress=False)
    rows = store.run("MATCH (m:Model) WHERE m.hub = 'pytorchhub' RETURN m.key AS key, m.id AS id, m.url AS url ORDER BY key")
    assert [r["key"] for r in rows] == sorted(PYTORCH_KEYS.values())
    assert {r["url"] for r in rows} == {"https://github.com/pytorch/vision"}
    org = one(store, "MATCH (:Model {key: 'pytorchhub:pytorch/vision:alexnet'})-[:PUBLISHED_BY]->(o:Organization) RETURN o.id AS id")
    assert org["id"] == "Pytorch Team"


def test_enhanced_tables(store, shared_data: Path, tmp_path: Path):
    fx = build(shared_data, tmp_path / "dist.db", enhanced=True)
    peatmoss.load(store, fx.path, progress=False)
    whisper = next(m for m in fx.models if m.context_id == "openai/whisper-base")
    m = one(store, "MATCH (m:Model {key: 'openai/whisper-base'}) RETURN m.task AS task, m.domain AS domain, m.parameters AS p")
    assert m == {"task": "automatic-speech-recognition", "domain": "audio", "p": whisper.parameters} and whisper.parameters == 74_000_000
    # A base model PeaTMOSS itself holds is that loaded node; the relation is unknown.
    child = next(m for m in fx.models if m.context_id == "d4data/biomedical-ner-all")
    edge = one(store, "MATCH (:Model {key: $k})-[r:BASED_ON]->(b:Model) RETURN b.id AS base, b.loaded AS loaded, "
                      "r.relation AS relation, r.source AS source", k=child.context_id.lower())
    assert edge == {"base": child.base_models[0], "loaded": True, "relation": "unknown", "source": ["peatmoss"]}
    # Repository licenses: one edge per distinct normalized key, the raw keys kept.
    repo, keys = next((r, k) for r, k in fx.repo_licenses.items() if len(set(map(license_key, k))) > 1)
    got = one(store, "MATCH (r:Repository {key: $k}) RETURN r.license_raw AS raw, r.license_status AS status", k=repo_key(repo))
    assert sorted(got["raw"].split(";")) == sorted(set(keys)) and got["status"] == "licensed"
    lics = {r["k"] for r in store.run("MATCH (:Repository {key: $k})-[:LICENSED_UNDER]->(l:License) RETURN l.key AS k", {"k": repo_key(repo)})}
    assert lics == {license_key(k) for k in keys}


def test_not_a_peatmoss_file_is_one_clear_error(store, shared_data: Path, tmp_path: Path):
    with pytest.raises(InputError, match="not a PeaTMOSS database"):
        peatmoss.load(store, shared_data / "peatmoss" / "mapping.csv")
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE model (id INTEGER PRIMARY KEY, name TEXT)")
    with pytest.raises(InputError, match="not a PeaTMOSS database"):
        peatmoss.load(store, other)
    with pytest.raises(InputError, match="does not exist"):
        peatmoss.load(store, tmp_path / "missing.db")
    assert store.counts()["nodes"]["Model"] == 0


def test_opened_read_only(shared_data: Path, tmp_path: Path):
    fx = build(shared_data, tmp_path / "ro.db")
    db = peatmoss.open_db(fx.path)
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            db.conn.execute("DELETE FROM model")
    finally:
        db.close()


@pytest.mark.parametrize(
    "context_id, repo_url, want",
    [
        ("pytorch/vision:v0.10.0/resnet18", None, "pytorchhub:pytorch/vision:resnet18"),
        ("pytorch/vision/resnet18", None, "pytorchhub:pytorch/vision:resnet18"),
        ("pytorch/vision:resnet18", None, "pytorchhub:pytorch/vision:resnet18"),
        ("resnet18", "github.com/pytorch/vision", "pytorchhub:pytorch/vision:resnet18"),
        ("NVIDIA/DeepLearningExamples:torchhub/nvidia_ssd", None, "pytorchhub:NVIDIA/DeepLearningExamples:nvidia_ssd"),
    ],
)
def test_pytorch_hub_id_forms(context_id: str, repo_url: str | None, want: str):
    assert peatmoss.pytorch_hub_id(context_id, repo_url) == want


def test_pytorch_hub_id_without_a_repository_is_rejected():
    with pytest.raises(peatmoss.Rejected, match="invalid id"):
        peatmoss.pytorch_hub_id("resnet18", None)


@pytest.mark.parametrize(
    "value, want",
    [
        ("https://arxiv.org/pdf/2205.14135.pdf", "arxiv:2205.14135"),
        ("arxiv:1910.13461", "arxiv:1910.13461"),
        ("2103.00020v2", "arxiv:2103.00020v2"),
        ("https://doi.org/10.57967/hf/0003", "doi:10.57967/hf/0003"),
        ("10.48550/arXiv.2306.01116", "arxiv:2306.01116"),
        ("GPT4All-J: An Apache-2 Licensed Assistant-Style Chatbot", None),
        ("https://academic.oup.com/bib/article-abstract/23/6/bbac409/6713511", None),
    ],
)
def test_paper_ids(value: str, want: str | None):
    ref = peatmoss.paper_ref(value)
    assert (ref[0] if ref else None) == want


def test_cli_error_is_one_line(shared_data: Path, tmp_path: Path):
    from tests.test_cli import assert_one_line_error, run

    proc = run("--store", f"embedded:{tmp_path / 'g.lbdb'}", "ingest", "peatmoss", str(shared_data / "peatmoss" / "mapping.csv"))
    assert_one_line_error(proc, "not a PeaTMOSS database")


def test_missing_values_do_not_erase_other_sources(store, shared_data: Path, tmp_path: Path):
    fx = build(shared_data, tmp_path / "v1.db")  # v1 has no parameter counts and no likes
    store.upsert_nodes("Model", [{"key": "openai/whisper-base", "id": "openai/whisper-base", "parameters": 72_593_920,
                                  "likes": 7, "source": ["hf-snapshot"]}])
    peatmoss.load(store, fx.path, progress=False)
    m = one(store, "MATCH (m:Model {key: 'openai/whisper-base'}) RETURN m.parameters AS p, m.likes AS l, m.source AS s, m.loaded AS loaded")
    assert m == {"p": 72_593_920, "l": 7, "s": ["hf-snapshot", "peatmoss"], "loaded": True}
