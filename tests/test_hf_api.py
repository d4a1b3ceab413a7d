"""`ptmkg ingest hf-api` against a local double of the Hub API (tests/hub_server.py) that
serves the real 4,167-model sample. The real huggingface_hub client makes the requests.

Expectations (which models a crawl loads, what a listing selects) are computed here from
the raw JSONL with networkx and plain Python, never through the loader's code. The Hub's
rules they follow: a model's base models are declared in `baseModels`, the card's
`base_model` and `base_model:` tags; its derivatives are the models tagged
`base_model:<its id>`; an unknown id is a 404.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
from email.utils import formatdate
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from ptmkg.errors import InputError
from ptmkg.graph import schema as S
from ptmkg.loaders import hf_api
from ptmkg.loaders.hf_api_client import (
    EXPAND,
    AuthFailed,
    HubClient,
    RetryPolicy,
    record_from_info,
    record_from_json,
    retry_after_seconds,
)
from tests.conftest import REPO, SHARED
from tests.hub_server import BROKEN_JSON, NOT_A_MODEL, HubServer, api_view, retry_after, status, timeout

JSONL = SHARED / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl"
SEED = "sometimesanotion/Lamarck-14B-v0.7"  # a merge: bases 3 hops up, some not on the Hub; derivatives 2 down
AUTHOR = "icefog72"  # 55 models: 8 pages of 7
PAGE = 7
FAST = RetryPolicy(retries=3, backoff=0.05, max_backoff=0.2, max_wait=5.0)
SECRET = "hf_TestSecretToken_do_not_print_8c1e"


# -- independent reading of the raw rows ----------------------------------------------------
@pytest.fixture(scope="module")
def rows() -> list[dict]:
    return [json.loads(line) for line in open(JSONL)]


@pytest.fixture(scope="module")
def ids(rows) -> dict[str, str]:
    """key (lower case) -> id as the Hub spells it."""
    return {r["id"].lower(): r["id"] for r in rows}


def declared_bases(row: dict) -> set[str]:
    card = json.loads(row["cardData"]) if row.get("cardData") else {}
    cb = card.get("base_model")
    found = {m["id"] for m in (row.get("baseModels") or {}).get("models") or []}
    found |= {b for b in ([cb] if isinstance(cb, str) else cb or []) if isinstance(b, str)}
    found |= {t.split(":")[-1] for t in row["tags"] if t.startswith("base_model:") and t.count(":") in (1, 2)}
    return {b.strip().lower() for b in found if b.strip()}


def lineage_graphs(rows: list[dict], ids: dict[str, str]) -> tuple[nx.DiGraph, nx.DiGraph]:
    """`up`: model -> each declared base; `down`: model -> each model tagged with its id."""
    up, down = nx.DiGraph(), nx.DiGraph()
    tagged: dict[str, list[str]] = {}
    for r in rows:
        up.add_node(r["id"].lower())
        down.add_node(r["id"].lower())
        for b in declared_bases(r):
            up.add_edge(r["id"].lower(), b)
        for t in r["tags"]:
            if t.startswith("base_model:") and t.count(":") == 1:
                tagged.setdefault(t[len("base_model:") :], []).append(r["id"].lower())
    for key, mid in ids.items():
        for child in tagged.get(mid, ()):
            down.add_edge(key, child)
    return up, down


def ball(rows: list[dict], ids: dict[str, str], seed: str, depth: int) -> dict[str, Any]:
    up, down = lineage_graphs(rows, ids)
    ups = nx.single_source_shortest_path_length(up, seed.lower(), cutoff=depth)
    downs = nx.single_source_shortest_path_length(down, seed.lower(), cutoff=depth)
    siblings = {c for u in ups if u in down for c in down.successors(u)} - set(ups) - set(downs)
    return {
        "loaded": {k for k in ups if k in ids} | set(downs),
        "missing": {k for k in ups if k not in ids},
        "ups": ups,
        "downs": downs,
        "beyond": {b for u, d in ups.items() if d == depth and u in up for b in up.successors(u)} - set(ups),
        "siblings": siblings,
        "children": {k: down.out_degree(k) for k in downs},
    }


# -- helpers ---------------------------------------------------------------------------------
@pytest.fixture
def hub(rows, monkeypatch):
    with HubServer(rows, page_size=PAGE) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)  # read when the crawl starts
        monkeypatch.delenv("HF_TOKEN", raising=False)
        yield server


def crawl(store, tmp_path: Path, **kw: Any) -> hf_api.CrawlReport:
    kw.setdefault("policy", FAST)
    kw.setdefault("timeout", 5.0)
    return hf_api.load(store, rejects=tmp_path / "rejects.jsonl", checkpoint_dir=tmp_path / "checkpoints", progress=False, **kw)


def loaded(store) -> set[str]:
    return {r["k"] for r in store.run("MATCH (m:Model) WHERE m.loaded = true RETURN m.key AS k")}


def model(store, key: str) -> dict | None:
    cols = ", ".join(f"m.{p} AS {p}" for p in ("loaded", "downloads", "likes", "modified_at", "source"))
    got = store.run(f"MATCH (m:Model {{key: $k}}) RETURN {cols}", {"k": key})
    return got[0] if got else None


def bases_in_graph(store, key: str) -> set[str]:
    return {r["b"] for r in store.run("MATCH (a:Model {key: $k})-[:BASED_ON]->(b:Model) RETURN b.key AS b", {"k": key})}


def report_lines(tmp_path: Path) -> list[dict]:
    path = tmp_path / "rejects.jsonl"
    return [json.loads(line) for line in open(path)] if path.exists() else []


def dump(store) -> tuple[list, list]:
    """Every node and relationship with every schema property, in a comparable form."""

    def norm(v: Any) -> Any:
        return tuple(sorted(v)) if isinstance(v, list) else v

    nodes = []
    for nt in S.NODES:
        cols = ", ".join(f"n.{p.name} AS {p.name}" for p in nt.props)
        got = store.run(f"MATCH (n:{nt.label}) RETURN {cols}")
        nodes += sorted(((nt.label, tuple((k, norm(v)) for k, v in sorted(r.items()))) for r in got), key=repr)
    rels = []
    for rt in S.RELATIONSHIPS:
        for a, b in rt.endpoints:
            cols = "".join(f", r.{p.name} AS {p.name}" for p in rt.props)
            got = store.run(f"MATCH (x:{a})-[r:{rt.type}]->(y:{b}) RETURN x.key AS f, y.key AS t{cols}")
            rels += sorted(((rt.type, tuple((k, norm(v)) for k, v in sorted(r.items()))) for r in got), key=repr)
    return nodes, rels


# -- lineage walk ---------------------------------------------------------------------------
def test_depth_two_loads_exactly_the_models_two_hops_up_and_down(store, hub, rows, ids, tmp_path):
    exp = ball(rows, ids, SEED, 2)
    # the case is worth testing: both walks reach 2 hops, some bases are not on the Hub,
    # and siblings (derivatives of a base) exist that must not be loaded
    assert max(exp["ups"].values()) == 2 and max(exp["downs"].values()) == 2
    assert exp["missing"] and exp["siblings"] and exp["beyond"]

    rep = crawl(store, tmp_path, models=[SEED], depth=2)

    assert loaded(store) == exp["loaded"]
    assert (rep.read, rep.loaded, rep.rejected, rep.missing) == (len(exp["loaded"]), len(exp["loaded"]), 0, len(exp["missing"]))
    for key in exp["missing"] | exp["beyond"]:  # referenced, not fetched
        assert model(store, key)["loaded"] is False, key
    notes = [n for n in report_lines(tmp_path) if n["status"] == "note" and n["reason"].startswith("not found")]
    assert {n["record"].lower() for n in notes} == exp["missing"]
    # what was asked: one model_info per model reached going up (never for derivatives,
    # which arrive with their listing), one derivative listing per model < 2 hops down
    assert sorted(m.lower() for m in hub.model_requests()) == sorted(exp["ups"])
    listed = [q.query["filter"][0] for q in hub.listings()]
    assert set(listed) == {f"base_model:{ids[k]}" for k, d in exp["downs"].items() if d < 2}
    pages = {f"base_model:{ids[k]}": max(1, math.ceil(exp["children"][k] / PAGE)) for k, d in exp["downs"].items() if d < 2}
    assert len(listed) == sum(pages.values()) and max(pages.values()) > 1  # every page once
    assert all(q.query["expand"] == EXPAND for q in hub.listings())
    # properties come from the Hub answer, through the shared mapping
    row = next(r for r in rows if r["id"] == SEED)
    got = model(store, SEED.lower())
    assert (got["downloads"], got["likes"], got["modified_at"], got["source"]) == (row["downloads"], row["likes"], row["lastModified"], ["hf-api"])
    assert bases_in_graph(store, SEED.lower()) == declared_bases(row)


def test_depth_zero_fetches_only_the_model_named(store, hub, rows, ids, tmp_path):
    rep = crawl(store, tmp_path, models=[f"https://huggingface.co/{SEED}"], depth=0)
    assert loaded(store) == {SEED.lower()} and rep.loaded == 1
    assert hub.model_requests() == [SEED] and hub.listings() == []


# -- selections -----------------------------------------------------------------------------
def test_author_selects_what_the_rows_say(store, hub, rows, tmp_path):
    expected = {r["id"].lower() for r in rows if r["author"] == AUTHOR}
    assert len(expected) > 2 * PAGE  # several pages
    rep = crawl(store, tmp_path, author=AUTHOR)
    assert loaded(store) == expected and rep.read == rep.loaded == len(expected)
    assert len(hub.listings()) == math.ceil(len(expected) / PAGE)  # followed every Link
    assert hub.model_requests() == []  # listing with expand gives whole records
    first = hub.listings()[0].query
    assert first["author"] == [AUTHOR] and first["sort"] == ["lastModified"] and first["expand"] == EXPAND


def test_search_selects_ids_containing_the_text(store, hub, rows, tmp_path):
    text = "threadripper"
    expected = {r["id"].lower() for r in rows if text in r["id"].lower()}
    assert 1 < len(expected) and any(text not in r["id"] for r in rows if r["id"].lower() in expected)  # case-insensitive
    rep = crawl(store, tmp_path, search=text)
    assert loaded(store) == expected and rep.loaded == len(expected)


def test_limit_takes_the_most_recently_modified(store, hub, rows, tmp_path):
    mine = sorted((r for r in rows if r["author"] == AUTHOR), key=lambda r: r["lastModified"], reverse=True)
    assert mine[9]["lastModified"] != mine[10]["lastModified"]
    rep = crawl(store, tmp_path, author=AUTHOR, limit=10)
    assert loaded(store) == {r["id"].lower() for r in mine[:10]} and rep.read == 10
    assert len(hub.listings()) == 2  # 7 + 3: no page past the limit


def test_since_is_incremental_and_updates_what_changed(store, hub, rows, tmp_path):
    mine = sorted((r for r in rows if r["author"] == AUTHOR), key=lambda r: r["lastModified"], reverse=True)
    crawl(store, tmp_path, author=AUTHOR)
    assert len(loaded(store)) == len(mine)

    # Upstream: one old model is edited (new counts, one base model dropped everywhere it
    # was declared); the cut-off leaves 5 newer models plus that one.
    target = next(r for r in reversed(mine) if len(declared_bases(r)) >= 2)
    key = target["id"].lower()
    dropped = sorted(declared_bases(target))[0]
    assert bases_in_graph(store, key) == declared_bases(target)
    edited = hub.rows[key]
    edited["lastModified"] = "2030-01-02T03:04:05.000Z"
    edited["downloads"], edited["likes"] = 987654321, target["likes"] + 7
    card = json.loads(edited["cardData"])
    bm = card.get("base_model")
    card["base_model"] = [b for b in ([bm] if isinstance(bm, str) else bm or []) if b.lower() != dropped]
    edited["cardData"] = json.dumps(card)
    if edited["baseModels"]:
        edited["baseModels"] = {**edited["baseModels"], "models": [m for m in edited["baseModels"]["models"] if m["id"].lower() != dropped]}
    edited["tags"] = [t for t in edited["tags"] if not (t.startswith("base_model:") and t.split(":")[-1].lower() == dropped)]
    since = mine[4]["lastModified"]
    newer = {r["id"].lower() for r in mine if r["lastModified"] >= since} | {key}
    assert len(newer) == 6
    hub.log.clear()

    rep = crawl(store, tmp_path, author=AUTHOR, since=since)

    assert rep.read == rep.loaded == len(newer)  # only the newer ones
    # newest first, so the listing stops on the page holding the first older model
    assert len(hub.listings()) == len(newer) // PAGE + 1 < math.ceil(len(mine) / PAGE)
    got = model(store, key)
    assert (got["downloads"], got["likes"], got["modified_at"]) == (987654321, target["likes"] + 7, "2030-01-02T03:04:05Z")
    assert bases_in_graph(store, key) == declared_bases(target) - {dropped}  # the removed edge is gone
    assert len(loaded(store)) == len(mine)


# -- faults ---------------------------------------------------------------------------------
SMALL = "weqweasdas/RM-Gemma-7B"  # no base model, no derivative: one request when all is well


@pytest.mark.parametrize("header", ["seconds", "date"])
def test_429_retry_after_is_honoured(store, hub, tmp_path, header):
    until = int(time.time()) + 3  # an HTTP date has whole seconds
    hub.fail(hub.model_path(SMALL), retry_after(formatdate(until, usegmt=True) if header == "date" else 1))
    rep = crawl(store, tmp_path, models=[SMALL])
    first, second = hub.requests_for(hub.model_path(SMALL))
    assert (first.status, second.status) == (429, 200)
    if header == "date":
        assert second.wall >= until - 0.01 and second.at - first.at > 0.5
    else:
        assert second.at - first.at >= 1.0
    assert rep.loaded == 1 and loaded(store) == {SMALL.lower()}


def test_429_wait_is_capped(store, hub, tmp_path):
    hub.fail(hub.model_path(SMALL), retry_after(3600))
    crawl(store, tmp_path, models=[SMALL], policy=RetryPolicy(retries=2, backoff=0.05, max_wait=0.3))
    first, second = hub.requests_for(hub.model_path(SMALL))
    assert 0.3 <= second.at - first.at < 3 and loaded(store) == {SMALL.lower()}


def test_server_errors_then_success(store, hub, tmp_path):
    hub.fail(hub.model_path(SMALL), status(500), status(503))
    hub.fail("/api/models", status(502))  # the derivatives listing too
    rep = crawl(store, tmp_path, models=[SMALL], depth=1)
    assert [r.status for r in hub.requests_for(hub.model_path(SMALL))] == [500, 503, 200]
    assert [r.status for r in hub.listings()] == [502, 200]
    assert rep.loaded == 1 and rep.rejected == 0


def test_timeout_then_success(store, hub, tmp_path):
    hub.fail(hub.model_path(SMALL), timeout(3.0))
    t0 = time.monotonic()
    rep = crawl(store, tmp_path, models=[SMALL], timeout=0.5)
    assert time.monotonic() - t0 < 3.0  # gave up on the slow answer, did not wait it out
    assert len(hub.requests_for(hub.model_path(SMALL))) == 2 and rep.loaded == 1


@pytest.mark.parametrize("fault,reason", [(BROKEN_JSON, "broken JSON"), (NOT_A_MODEL, "not a Hub model record"), (status(503), "HTTP 503")])
def test_unusable_answers_are_rejected_after_retries_and_the_crawl_goes_on(store, hub, rows, tmp_path, fault, reason):
    other = "Qwen/Qwen1.5-MoE-A2.7B"
    hub.fail(hub.model_path(SMALL), *[fault] * (FAST.retries + 1))
    rep = crawl(store, tmp_path, models=[SMALL, other])
    assert len(hub.requests_for(hub.model_path(SMALL))) == FAST.retries + 1
    assert (rep.read, rep.loaded, rep.rejected) == (2, 1, 1)
    assert loaded(store) == {other.lower()}
    [line] = [x for x in report_lines(tmp_path) if x["status"] == "rejected"]
    assert line["record"] == SMALL and reason in line["reason"] and f"gave up after {FAST.retries + 1} attempts" in line["reason"]


def test_a_broken_listing_page_is_retried(store, hub, rows, tmp_path):
    hub.fail("/api/models", BROKEN_JSON, timeout(2.0))
    rep = crawl(store, tmp_path, author=AUTHOR, timeout=0.5)
    assert rep.loaded == sum(r["author"] == AUTHOR for r in rows) and rep.rejected == 0


def test_an_outage_stops_the_crawl_and_it_resumes(store, hub, rows, tmp_path):
    from ptmkg.loaders.hf_api_client import HubUnavailable
    from ptmkg.loaders.hf_api_crawl import MAX_FAILURES_IN_ROW

    names = [r["id"] for r in rows if r["author"] == AUTHOR][: MAX_FAILURES_IN_ROW + 2]
    down = names[1 : MAX_FAILURES_IN_ROW + 1]  # every model after the first fails, in a row
    for mid in down:
        hub.fail(hub.model_path(mid), *[status(503)] * (FAST.retries + 1))
    with pytest.raises(HubUnavailable) as e:
        crawl(store, tmp_path, models=names)
    assert "run the same command again" in str(e.value)
    assert loaded(store) == {names[0].lower()}  # what arrived before the outage is kept
    rep = crawl(store, tmp_path, models=names)  # the Hub is back
    assert loaded(store) == {n.lower() for n in names} and rep.rejected == 0
    assert rep.skipped == 1 and set(hub.model_requests()[-len(names) + 1 :]) == set(names[1:])


def test_a_model_named_but_not_on_the_hub_is_rejected(store, hub, tmp_path):
    rep = crawl(store, tmp_path, models=["nobody/no-such-model", SMALL])
    assert (rep.loaded, rep.rejected, rep.missing) == (1, 1, 0)
    assert "not found" in report_lines(tmp_path)[0]["reason"]


# -- checkpoint and resume ------------------------------------------------------------------
class Interrupted(Exception):
    pass


class DyingStore:
    """The store, dying on its `after`+1-th batch write (a crash mid-crawl)."""

    def __init__(self, store, after: int) -> None:
        self._store, self._left = store, after

    def write(self, batch):
        if self._left == 0:
            raise Interrupted()
        self._left -= 1
        return self._store.write(batch)

    def __getattr__(self, name):
        return getattr(self._store, name)


def test_interrupted_crawl_resumes_to_the_same_graph(store, hub, rows, ids, tmp_path):
    args = dict(models=[SEED], depth=2, batch_records=5)
    crawl(store, tmp_path, **args)
    expected, full = dump(store), len(hub.log)
    assert not list((tmp_path / "checkpoints").iterdir())  # removed when complete
    store.clear()
    hub.log.clear()

    with pytest.raises(Interrupted):
        crawl(DyingStore(store, after=3), tmp_path, **args)
    assert len(list((tmp_path / "checkpoints").iterdir())) == 1
    before = len(hub.log)
    rep = crawl(store, tmp_path, **args)

    assert dump(store) == expected
    assert rep.skipped > 0 and len(hub.log) - before < full  # resumed, not redone
    assert not list((tmp_path / "checkpoints").iterdir())
    dup = store.run("MATCH (m:Model) RETURN count(m) AS n, count(DISTINCT m.key) AS d")[0]
    assert dup["n"] == dup["d"] == len(expected[0]) - sum(1 for n in expected[0] if n[0] != "Model")
    pairs = [(r["a"], r["b"]) for r in store.run("MATCH (a:Model)-[:BASED_ON]->(b:Model) RETURN a.key AS a, b.key AS b")]
    assert len(pairs) == len(set(pairs))


def test_no_resume_and_other_arguments_start_over(store, hub, tmp_path):
    args = dict(models=[SEED], depth=2, batch_records=5)
    with pytest.raises(Interrupted):
        crawl(DyingStore(store, after=2), tmp_path, **args)
    other = crawl(store, tmp_path, models=[SEED], depth=1, batch_records=5)  # another crawl
    assert other.skipped == 0
    assert len(list((tmp_path / "checkpoints").iterdir())) == 1  # the interrupted one stays
    fresh = crawl(store, tmp_path, **args, resume=False)
    assert fresh.skipped == 0
    assert not list((tmp_path / "checkpoints").iterdir())


# -- token ----------------------------------------------------------------------------------
@pytest.fixture
def locked_hub(rows, monkeypatch):
    with HubServer(rows, page_size=PAGE, token=SECRET) as server:
        monkeypatch.setenv("HF_ENDPOINT", server.url)
        yield server


def test_token_is_sent_as_bearer(store, locked_hub, rows, tmp_path, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", SECRET)
    rep = crawl(store, tmp_path, models=[SEED], depth=1, author=AUTHOR, limit=3)
    assert rep.loaded > 3 and rep.rejected == 0
    assert locked_hub.listings() and locked_hub.model_requests()
    assert {r.authorization for r in locked_hub.log} == {f"Bearer {SECRET}"}


@pytest.mark.parametrize("token", [None, "hf_wrong_token_42"])
def test_refused_token_stops_the_crawl_without_showing_it(store, locked_hub, tmp_path, monkeypatch, token):
    if token:
        monkeypatch.setenv("HF_TOKEN", token)
    else:
        monkeypatch.delenv("HF_TOKEN", raising=False)
    with pytest.raises(AuthFailed) as e:
        crawl(store, tmp_path, models=[SMALL])
    assert "HF_TOKEN" in str(e.value) and SECRET not in str(e.value) and (token or SECRET) not in str(e.value)
    assert len(locked_hub.log) == 1  # not retried


# -- the command line -----------------------------------------------------------------------
def test_cli_crawl_prints_the_summary_and_never_the_token(locked_hub, rows, ids, tmp_path):
    seed = "v000000/Qwen2.5-Lumen-14B"
    exp = ball(rows, ids, seed, 1)
    env = {**os.environ, "HF_ENDPOINT": locked_hub.url, "HF_TOKEN": SECRET, "XDG_DATA_HOME": str(tmp_path / "data"), "HF_HOME": str(tmp_path / "hf")}
    env.pop("PTMKG_STORE", None)
    cmd = [sys.executable, "-m", "ptmkg", "--store", f"embedded:{tmp_path / 'g.lbdb'}", "ingest", "hf-api",
           "--model", seed, "--depth", "1", "--rejects", str(tmp_path / "rejects.jsonl")]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=300, cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    [line] = [x for x in proc.stdout.splitlines() if x.startswith("hf-api:")]
    n = len(exp["loaded"])
    assert line.startswith(f"hf-api: read {n:,} / loaded {n:,} / rejected 0"), line
    # (huggingface_hub itself may also ask the endpoint, without the token, for its
    # agent-detection registry; the Hub API calls are ours)
    api = [r for r in locked_hub.log if r.path.startswith("/api/models")]
    assert len(api) > n // PAGE and {r.authorization for r in api} == {f"Bearer {SECRET}"}
    outputs = proc.stdout + proc.stderr + ((tmp_path / "rejects.jsonl").read_text() if (tmp_path / "rejects.jsonl").exists() else "")
    assert SECRET not in outputs


def test_cli_without_a_selection_is_a_one_line_error(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "ptmkg", "--store", f"embedded:{tmp_path / 'g.lbdb'}", "ingest", "hf-api", "--since", "yesterday"],
                          capture_output=True, text=True, timeout=120, cwd=REPO)  # fmt: skip
    assert proc.returncode != 0 and "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


# -- pieces ---------------------------------------------------------------------------------
def test_listing_query_is_the_one_list_models_sends(hub, rows):
    from typing import get_args

    from huggingface_hub import HfApi
    from huggingface_hub.hf_api import ExpandModelProperty_T

    assert set(EXPAND) <= set(get_args(ExpandModelProperty_T))  # what the installed client knows

    client = HubClient()
    mine = [rec["id"] for page in client.pages(client.list_query(author=AUTHOR)) for rec in page.items]
    ours = hub.listings()[0].query
    hub.log.clear()
    theirs = [m.id for m in HfApi(endpoint=hub.url).list_models(author=AUTHOR, sort="last_modified", expand=EXPAND)]
    assert hub.listings()[0].query == ours
    assert mine == theirs and {m.lower() for m in mine} == {r["id"].lower() for r in rows if r["author"] == AUTHOR}


def test_hub_answers_map_like_the_snapshot_rows(rows):
    """A Hub answer (as ModelInfo or raw JSON) becomes the same graph rows as the hub-stats
    row it was served from: the conversion loses nothing the mapping reads."""
    from huggingface_hub import ModelInfo

    from ptmkg.loaders.hf_mapping import map_model

    def rows_of(batch):
        return batch.nodes, batch.refs, batch.rels, batch.notes

    for row in rows:
        want = rows_of(map_model(row, source="hf-api"))
        view = api_view(row, EXPAND)
        assert rows_of(map_model(record_from_json(view), source="hf-api")) == want, row["id"]
        assert rows_of(map_model(record_from_info(ModelInfo(**json.loads(json.dumps(view)))), source="hf-api")) == want, row["id"]


def test_retry_after_forms():
    now = 1_700_000_000.0
    assert retry_after_seconds({"Retry-After": "7"}) == 7
    assert retry_after_seconds({"Retry-After": formatdate(now + 30, usegmt=True)}, now=now) == 30
    assert retry_after_seconds({"Retry-After": formatdate(now - 30, usegmt=True)}, now=now) == 0
    assert retry_after_seconds({"RateLimit": '"api";r=0;t=55'}) == 55
    assert retry_after_seconds({"RateLimit": '"api";r=3;t=55'}) is None
    assert retry_after_seconds({"Retry-After": "soon"}) is None
    p = RetryPolicy(backoff=1, max_backoff=8, max_wait=60)
    assert p.delay(0, 3600) == 60 and p.delay(0, 2) == 2
    waits = [p.delay(n) for n in range(6) for _ in range(50)]
    assert all(0.5 <= w <= 8 for w in waits) and len(set(waits)) > 100  # jittered, capped
    assert max(p.delay(5) for _ in range(50)) <= 8 and min(p.delay(3) for _ in range(50)) >= 4


def test_bad_arguments():
    with pytest.raises(InputError):
        hf_api.load(None)
    with pytest.raises(InputError):
        hf_api.load(None, author="x", since="last tuesday")
