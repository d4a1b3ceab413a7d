"""GitHub usage (PeaTMOSS mapping + repository licenses) and model identity, on both stores.
Expectations are computed from the raw files with plain Python."""

from __future__ import annotations

import csv
import json

from ptmkg.loaders import github_usage, hf_snapshot
from ptmkg.loaders.identity import resolve_legacy_ids
from tests.conftest import SHARED

MAPPING = SHARED / "peatmoss" / "mapping.csv"
GH = SHARED / "peatmoss" / "all_gh_licenses.json"
PARQUET = SHARED / "hub-stats-sample" / "hub_stats_frozen.parquet"


def raw_mapping() -> list[list[str]]:
    return [r for r in csv.reader(open(MAPPING)) if r]


def repo_of(url: str) -> str:
    return url.split("github.com/", 1)[1].strip("/").lower()


def test_counts_match_the_raw_files(store):
    rows = raw_mapping()
    gh = {k.lower(): v for k, v in json.load(open(GH)).items()}
    rep = github_usage.load(store, MAPPING, GH, progress=False)
    assert (rep.read, rep.loaded, rep.rejected) == (len(rows), len(rows), 0)
    repos = {repo_of(r[0]) for r in rows}
    models = {r[1].lower() for r in rows}
    uses = {(repo_of(r[0]), r[1].lower()) for r in rows}
    c = store.counts()
    assert c["nodes"]["Repository"] == len(repos)
    assert c["relationships"]["USES"] == len(uses)
    assert c["nodes"]["Model"] == len(models)
    # repository license status: licensed / none (null in the file) / unknown (absent)
    status = {r["s"]: r["n"] for r in store.run("MATCH (r:Repository) RETURN r.license_status AS s, count(*) AS n")}
    exp_status = {"licensed": 0, "none": 0, "unknown": 0}
    for repo in repos:
        exp_status["unknown" if repo not in gh else ("licensed" if gh[repo] else "none")] += 1
    assert {k: v for k, v in status.items()} == {k: v for k, v in exp_status.items() if v}
    # one LICENSED_UNDER per distinct license key of a licensed repository (keys never collapse here)
    repo_lic = store.run("MATCH (r:Repository)-[l:LICENSED_UNDER]->(:License) RETURN count(l) AS n")[0]["n"]
    assert repo_lic == sum(len(set(gh[r])) for r in repos if gh.get(r))
    # every model gets the license PeaTMOSS recorded for it
    lic_models = store.run("MATCH (m:Model)-[l:LICENSED_UNDER]->(:License) WHERE 'peatmoss:mapping' IN l.source RETURN count(DISTINCT m) AS n")
    assert lic_models[0]["n"] == len({r[1].lower() for r in rows if len(r) > 3 and r[3].strip()})


def test_usage_of_one_repository(store):
    github_usage.load(store, MAPPING, GH, progress=False)
    rows = [r for r in raw_mapping() if repo_of(r[0]) == "microsoft/lora"]
    got = {r["m"] for r in store.run("MATCH (:Repository {key: 'microsoft/lora'})-[:USES]->(m:Model) RETURN m.key AS m")}
    assert got == {r[1].lower() for r in rows} and got


def test_legacy_ids_resolve_whatever_the_load_order(stores):
    """`gpt2` in the mapping is `openai-community/gpt2` in the snapshot: one node, alias kept."""
    rows = raw_mapping()
    gpt2_users = {repo_of(r[0]) for r in rows if r[1] == "gpt2"}
    assert gpt2_users
    orders = {"ladybug": ("mapping first", [github_usage, hf_snapshot]), "neo4j": ("snapshot first", [hf_snapshot, github_usage])}
    for kind, store in stores.items():
        for loader in orders[kind][1]:
            if loader is github_usage:
                github_usage.load(store, MAPPING, GH, progress=False)
            else:
                hf_snapshot.load(store, PARQUET, progress=False, resume=False)
        resolve_legacy_ids(store)
        assert store.run("MATCH (m:Model {key: 'gpt2'}) RETURN m.key AS k") == []
        got = store.run("MATCH (m:Model {key: 'openai-community/gpt2'}) RETURN m.id AS id, m.aliases AS a, m.loaded AS l")
        assert got == [{"id": "openai-community/gpt2", "a": ["gpt2"], "l": True}], orders[kind][0]
        users = {r["r"] for r in store.run("MATCH (r:Repository)-[:USES]->(:Model {key: 'openai-community/gpt2'}) RETURN r.key AS r")}
        assert users == gpt2_users, orders[kind][0]
        # a rerun of the mapping lands on the canonical node straight away
        github_usage.load(store, MAPPING, GH, progress=False)
        assert store.run("MATCH (m:Model {key: 'gpt2'}) RETURN m.key AS k") == []


def test_ambiguous_or_unsupported_bare_ids_stay_as_they_are(store):
    github_usage.load(store, MAPPING, GH, progress=False)
    # no loaded `*/bert-base-uncased` in the graph: the bare id is kept, not guessed
    assert resolve_legacy_ids(store) == []
    assert store.run("MATCH (m:Model {key: 'bert-base-uncased'}) RETURN m.loaded AS l") == [{"l": False}]
