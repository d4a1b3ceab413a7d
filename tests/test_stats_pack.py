"""The stats pack (the PeaTMOSS paper's Figures 7-11 as queries) on the real sample: both
stores agree, and every answer equals a plain-Python computation over the raw JSONL and
the PeaTMOSS mapping.csv (never through ptmkg's loaders). Also: the domain table the graph
uses against the Hub's own task groups, percentileDisc against the lower median, and the
edge cases (unloaded models, missing values, an empty store) on a small synthetic graph."""

from __future__ import annotations

import csv
import json
import statistics
from collections import Counter, defaultdict
from functools import lru_cache

import pytest

from ptmkg.graph.schema import Batch
from tests.conftest import SHARED
from tests.query_support import raw_models, same_on_both

MAPPING = SHARED / "peatmoss" / "mapping.csv"
NONE = "(none)"

# The Hub's task groups ("modality" of each pipeline tag in huggingface.js,
# packages/tasks/src/pipelines.ts), with its "cv" called "vision". `conversational` was a
# pipeline tag of its own (NLP) before the Hub folded it into text-generation.
_HUB_GROUPS = {
    "nlp": (
        "text-classification token-classification table-question-answering question-answering "
        "zero-shot-classification translation summarization feature-extraction text-generation "
        "text2text-generation fill-mask sentence-similarity table-to-text multiple-choice text-ranking "
        "text-retrieval conversational"
    ),
    "audio": "text-to-speech text-to-audio automatic-speech-recognition audio-to-audio audio-classification voice-activity-detection",
    "vision": (
        "depth-estimation image-classification object-detection image-segmentation text-to-image image-to-text "
        "image-to-image image-to-video unconditional-image-generation video-classification text-to-video "
        "zero-shot-image-classification mask-generation zero-shot-object-detection text-to-3d image-to-3d "
        "image-feature-extraction keypoint-detection"
    ),
    "multimodal": (
        "biology audio-text-to-text image-text-to-text visual-question-answering document-question-answering "
        "video-text-to-text visual-document-retrieval any-to-any"
    ),
    "tabular": "tabular-classification tabular-regression tabular-to-text time-series-forecasting",
    "rl": "reinforcement-learning robotics",
    "other": "graph-ml other",
}
HUB_DOMAIN = {task: group for group, tasks in _HUB_GROUPS.items() for task in tasks.split()}

# Where ptmkg's domain table (loaders/hf_mapping.py) departs from the Hub's groups, as
# task -> ptmkg's domain. The graph's `domain` property is what the queries report, so the
# expectations follow these; test_domain_table_against_the_hub_groups keeps the list exact.
PTMKG_DEPARTURES: dict[str, str] = {}  # none since ptmkg adopted the Hub's groups

# Organizations that received the Hub's legacy owner-less models in 2024 (gpt2 ->
# openai-community/gpt2); the graph merges a bare mapping id into ORG/id when the sample
# holds exactly one such model.
LEGACY_ORGS = ("openai-community", "google-bert", "google-t5", "facebookai", "distilbert", "albert")

FIELDS = ("author", "created_at", "task", "library", "parameters", "languages", "license", "datasets", "base_model", "paper")


def hub_domain(task: str | None) -> str:
    if task is None:
        return NONE
    return HUB_DOMAIN.get(task, "other")


def graph_domain(task: str | None) -> str:
    if task is None:
        return NONE
    return PTMKG_DEPARTURES.get(task, hub_domain(task))


def share(part: int, whole: int) -> float:
    return round(part / whole, 4)


# -- an independent reading of the raw rows --------------------------------------------
def _strings(value) -> list[str]:  # type: ignore[no-untyped-def]
    items = value if isinstance(value, list) else [value]
    return [s for s in items if isinstance(s, str) and s.strip()]


def _parameters(r: dict) -> int | None:
    st = r.get("safetensors")
    if isinstance(st, dict) and isinstance(st.get("total"), int):
        return st["total"]
    gg = json.loads(r["gguf"]) if isinstance(r.get("gguf"), str) and r["gguf"] else r.get("gguf")
    if isinstance(gg, dict) and isinstance(gg.get("total"), int):
        return gg["total"]
    return None


@lru_cache(maxsize=1)
def models() -> dict[str, dict]:
    """key -> what the stats need, one entry per raw row (every row is a loaded model)."""
    out = {}
    for r in raw_models():
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        tags = r["tags"] or []
        has = {
            "author": bool(r.get("author") or "/" in r["id"]),
            "created_at": r.get("createdAt") is not None,
            "task": r.get("pipeline_tag") is not None,
            "library": r.get("library_name") is not None,
            "parameters": _parameters(r) is not None,
            "languages": bool(_strings(card.get("language"))),
            "license": bool(_strings(card.get("license"))) or any(t.startswith("license:") for t in tags),
            "datasets": bool(_strings(card.get("datasets"))) or any(t.startswith("dataset:") for t in tags),
            "base_model": bool((r.get("baseModels") or {}).get("models"))
            or bool(_strings(card.get("base_model")))
            or any(t.startswith("base_model:") for t in tags),
            "paper": any(t.startswith(("arxiv:", "doi:")) for t in tags),
        }
        out[r["id"].lower()] = {
            "task": r.get("pipeline_tag"),
            "domain": graph_domain(r.get("pipeline_tag")),
            "month": r["createdAt"][:7] if r.get("createdAt") else None,  # all are ...Z (UTC)
            "parameters": _parameters(r),
            "has": has,
        }
    return out


def _repo_key(raw: str) -> str:
    s = raw.strip()
    for prefix in ("https://", "http://", "www.", "github.com/"):
        if s.lower().startswith(prefix):
            s = s[len(prefix) :]
    k = "/".join([p for p in s.split("/") if p][:2])
    return (k[:-4] if k.endswith(".git") else k).lower()


def _model_key(raw: str, url: str) -> str:
    mid = raw.strip() or url.strip().split("huggingface.co/", 1)[-1]
    k = mid.strip("/").lower()
    if "/" not in k:
        canonical = [f"{org}/{k}" for org in LEGACY_ORGS if f"{org}/{k}" in models()]
        if len(canonical) == 1:
            return canonical[0]
    return k


@lru_cache(maxsize=1)
def uses() -> set[tuple[str, str]]:
    """(repository key, model key) pairs of the PeaTMOSS mapping, legacy ids resolved."""
    with open(MAPPING, newline="") as fh:
        return {(_repo_key(row[0]), _model_key(row[1], row[2] if len(row) > 2 else "")) for row in csv.reader(fh) if row}


# -- the domain table -------------------------------------------------------------------
def test_domain_table_against_the_hub_groups():
    """ptmkg's task -> domain table equals the Hub's task groups except for the listed
    departures (so a change on either side shows up here)."""
    from ptmkg.loaders.hf_mapping import TASK_DOMAIN, domain_of

    tasks = set(HUB_DOMAIN) | set(TASK_DOMAIN) | {m["task"] for m in models().values() if m["task"]}
    departures = {t: domain_of(t) for t in sorted(tasks) if domain_of(t) != hub_domain(t)}
    assert departures == PTMKG_DEPARTURES
    sample_tasks = {m["task"] for m in models().values() if m["task"]}
    assert sample_tasks <= set(HUB_DOMAIN)  # every task of the sample is a Hub task


def test_the_graph_holds_the_domain_of_every_model(sample_stores):
    for store in sample_stores.values():
        rows = store.run("MATCH (m:Model) WHERE m.loaded = true RETURN m.key AS key, m.domain AS domain", {})
        got = {r["key"]: r["domain"] or NONE for r in rows}
        assert got == {k: m["domain"] for k, m in models().items()}


# -- Figure 7 ----------------------------------------------------------------------------
def test_metadata_completeness(sample_stores):
    rows = same_on_both(sample_stores, "stats/metadata-completeness")
    total = len(models())
    counts = {f: sum(m["has"][f] for m in models().values()) for f in FIELDS}
    expected = sorted(((f, n, total, share(n, total)) for f, n in counts.items()), key=lambda t: (-t[1], t[0]))
    assert [(r["field"], r["models"], r["total"], r["share"]) for r in rows] == expected
    assert total == 4167
    assert counts["license"] < total and counts["datasets"] < counts["license"]  # the gaps the paper reports


# -- Figure 8 ----------------------------------------------------------------------------
def test_models_per_domain(sample_stores):
    rows = same_on_both(sample_stores, "stats/models-per-domain")
    total = len(models())
    counts = Counter(m["domain"] for m in models().values())
    expected = sorted(((d, n, share(n, total)) for d, n in counts.items()), key=lambda t: (-t[1], t[0]))
    assert [(r["domain"], r["models"], r["share"]) for r in rows] == expected
    assert sum(r["models"] for r in rows) == total


def test_models_per_task(sample_stores):
    rows = same_on_both(sample_stores, "stats/models-per-task")
    total = len(models())
    counts = Counter((m["domain"], m["task"] or NONE) for m in models().values())
    expected = sorted(((d, t, n, share(n, total)) for (d, t), n in counts.items()), key=lambda x: (-x[2], x[0], x[1]))
    assert [(r["domain"], r["task"], r["models"], r["share"]) for r in rows] == expected
    # one level down from models-per-domain
    per_domain = Counter()
    for r in rows:
        per_domain[r["domain"]] += r["models"]
    assert per_domain == {r["domain"]: r["models"] for r in same_on_both(sample_stores, "stats/models-per-domain")}


# -- Figure 9 ----------------------------------------------------------------------------
def test_github_models_per_domain(sample_stores):
    rows = same_on_both(sample_stores, "stats/github-models-per-domain")
    loaded = models()
    repos_of: dict[str, set[str]] = defaultdict(set)
    for repo, model in uses():
        if model in loaded:
            repos_of[model].add(repo)
    by_domain: dict[str, dict] = defaultdict(lambda: {"models": 0, "repos": set(), "uses": 0})
    for model, repos in repos_of.items():
        d = by_domain[loaded[model]["domain"]]
        d["models"] += 1
        d["repos"] |= repos
        d["uses"] += len(repos)
    total = len(repos_of)
    expected = sorted(
        ((dom, d["models"], share(d["models"], total), len(d["repos"]), d["uses"]) for dom, d in by_domain.items()),
        key=lambda t: (-t[1], t[0]),
    )
    assert [(r["domain"], r["models"], r["share"], r["repositories"], r["uses"]) for r in rows] == expected
    # the legacy ids of the mapping (gpt2, distilgpt2, ...) count on their canonical model
    assert "openai-community/gpt2" in repos_of
    assert total == 55 and sum(r["uses"] for r in rows) == 1803


def test_github_usage_of_unloaded_models_is_left_out(sample_stores):
    used = {m for _, m in uses()}
    unloaded = used - set(models())
    assert len(unloaded) > 10 * len(used & set(models()))  # why the Note says so
    for store in sample_stores.values():
        n = store.run("MATCH (r:Repository)-[:USES]->(m:Model) WHERE m.loaded = false RETURN count(DISTINCT m.key) AS n", {})
        assert n[0]["n"] == len(unloaded)


# -- Figure 10 ---------------------------------------------------------------------------
def test_created_per_month(sample_stores):
    rows = same_on_both(sample_stores, "stats/created-per-month")
    counts = Counter((m["month"], m["domain"]) for m in models().values() if m["month"])
    assert [(r["month"], r["domain"], r["models"]) for r in rows] == sorted((mo, d, n) for (mo, d), n in counts.items())
    assert sum(r["models"] for r in rows) == len(models())
    assert rows[0]["month"] < "2023" < "2026" < rows[-1]["month"]


# -- Figure 11 ---------------------------------------------------------------------------
def _parameters_by_month_and_domain() -> dict[tuple[str, str], list[int]]:
    groups: dict[tuple[str, str], list[int]] = defaultdict(list)
    for m in models().values():
        if m["month"] and m["parameters"] is not None:
            groups[(m["month"], m["domain"])].append(m["parameters"])
    return groups


def test_median_parameters_per_month(sample_stores):
    rows = same_on_both(sample_stores, "stats/median-parameters-per-month")
    groups = _parameters_by_month_and_domain()
    expected = [(mo, d, len(v), round(float(statistics.median(v)), 1)) for (mo, d), v in sorted(groups.items())]
    assert [(r["month"], r["domain"], r["models"], r["median_parameters"]) for r in rows] == expected
    assert all(isinstance(r["median_parameters"], float) for r in rows)
    assert any(len(v) % 2 == 0 and statistics.median(v) != statistics.median_low(v) for v in groups.values())


def test_percentile_disc_is_the_lower_median_on_both_engines(sample_stores):
    """The other median the engines offer: percentileDisc(x, 0.5) is the lower middle value
    on both (documented in the query's Note and docs/stats.md)."""
    text = (
        "MATCH (m:Model) WHERE m.loaded = true AND m.created_at IS NOT NULL AND m.parameters IS NOT NULL "
        "WITH left(m.created_at, 7) AS month, coalesce(m.domain, '(none)') AS domain, m.parameters AS p "
        "RETURN month, domain, percentileDisc(p, 0.5) AS lower, percentileCont(p, 0.5) AS middle ORDER BY month, domain"
    )
    expected = [(mo, d, statistics.median_low(v), statistics.median(v)) for (mo, d), v in sorted(_parameters_by_month_and_domain().items())]
    for store in sample_stores.values():
        got = [(r["month"], r["domain"], r["lower"], r["middle"]) for r in store.run(text, {})]
        assert got == expected


# -- edge cases on a small synthetic graph -----------------------------------------------
def _synthetic(stores: dict) -> None:
    b = Batch()
    for key, created, task, domain, params, loaded in [
        ("a", "2024-01-05T10:00:00Z", "text-generation", "nlp", 10, True),
        ("b", "2024-01-20T10:00:00Z", "text-generation", "nlp", 20, True),
        ("c", "2024-01-31T23:59:59Z", "fill-mask", "nlp", 40, True),
        ("d", "2024-01-10T00:00:00Z", "text-generation", "nlp", 1000, True),
        ("e", "2024-02-01T00:00:00Z", None, None, 7, True),
        ("f", "2024-02-02T00:00:00Z", "image-classification", "vision", None, True),
        ("u", "2024-01-01T00:00:00Z", "text-generation", "nlp", 5, False),  # referenced only
    ]:
        b.node("Model", key=key, id=key, loaded=loaded, created_at=created, task=task, domain=domain, parameters=params, languages=["en"] if key == "a" else [])
    b.node("License", key="mit", id="MIT")
    b.rel("LICENSED_UNDER", "Model", "a", "License", "mit", source=["test"])
    b.rel("LICENSED_UNDER", "Model", "u", "License", "mit", source=["test"])
    for repo in ("r/one", "r/two"):
        b.node("Repository", key=repo, id=repo)
    for repo, model in [("r/one", "a"), ("r/one", "u"), ("r/two", "a"), ("r/two", "f")]:
        b.rel("USES", "Repository", repo, "Model", model, source=["test"])
    for store in stores.values():
        store.write(b)


def test_synthetic_graph(stores):
    _synthetic(stores)
    rows = same_on_both(stores, "stats/models-per-domain")
    assert [(r["domain"], r["models"], r["share"]) for r in rows] == [("nlp", 4, 0.6667), (NONE, 1, 0.1667), ("vision", 1, 0.1667)]
    rows = same_on_both(stores, "stats/models-per-task")
    assert [(r["domain"], r["task"], r["models"]) for r in rows] == [
        ("nlp", "text-generation", 3), (NONE, NONE, 1), ("nlp", "fill-mask", 1), ("vision", "image-classification", 1)
    ]
    rows = same_on_both(stores, "stats/github-models-per-domain")
    assert rows == [
        {"domain": "nlp", "models": 1, "share": 0.5, "repositories": 2, "uses": 2},
        {"domain": "vision", "models": 1, "share": 0.5, "repositories": 1, "uses": 1},
    ]
    rows = same_on_both(stores, "stats/created-per-month")
    assert [(r["month"], r["domain"], r["models"]) for r in rows] == [("2024-01", "nlp", 4), ("2024-02", NONE, 1), ("2024-02", "vision", 1)]
    rows = same_on_both(stores, "stats/median-parameters-per-month")
    # an even count: the mean of the two middle values (20, 40), not the lower one
    assert [(r["month"], r["domain"], r["models"], r["median_parameters"]) for r in rows] == [("2024-01", "nlp", 4, 30.0), ("2024-02", NONE, 1, 7.0)]
    rows = same_on_both(stores, "stats/metadata-completeness")
    got = {r["field"]: (r["models"], r["total"], r["share"]) for r in rows}
    assert got["parameters"] == (5, 6, 0.8333) and got["task"] == (5, 6, 0.8333)
    assert got["license"] == (1, 6, 0.1667) and got["languages"] == (1, 6, 0.1667)
    assert got["datasets"] == got["base_model"] == got["paper"] == got["library"] == (0, 6, 0.0)
    assert [r["field"] for r in rows][-4:] == ["base_model", "datasets", "library", "paper"]  # ties by field name


def test_empty_store(stores):
    rows = same_on_both(stores, "stats/metadata-completeness")
    assert [(r["field"], r["models"], r["total"], r["share"]) for r in rows] == [(f, 0, 0, 0.0) for f in sorted(FIELDS)]
    for name in ("models-per-domain", "models-per-task", "github-models-per-domain", "created-per-month", "median-parameters-per-month"):
        assert same_on_both(stores, f"stats/{name}") == []


@pytest.mark.parametrize("name", ["metadata-completeness", "models-per-domain", "github-models-per-domain"])
def test_shares_are_rounded_floats(sample_stores, name):
    for row in same_on_both(sample_stores, f"stats/{name}"):
        assert isinstance(row["share"], float) and row["share"] == round(row["share"], 4)
