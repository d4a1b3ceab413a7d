"""PeaTMOSS test databases built from real rows of the shared data.

The schema is the real `PeaTMOSS.sql` (v1), executed with sqlite3. The rows are real:
- models: the 50 hand-labelled models of `groundTruth_accurate.json` and the models of
  `2k_filtered_models.json` that are also in the hub-stats sample (their tags, author,
  library, `license:`/`dataset:`/`arxiv:` tags and `baseModels` come from that sample);
  downloads from `2k_filtered_models.json` (PeaTMOSS's own numbers);
- licenses: what PeaTMOSS recorded in `mapping.csv` (else the ground truth's, else the
  hub-stats `license:` tags); authors: the owner part of the id (or hub-stats `author`);
- datasets, papers, base models, domain, task, parameter count: the ground truth labels;
- repositories: the first rows of `mapping.csv` for each model, and (enhanced version)
  their licenses from `all_gh_licenses.json`;
- three PyTorch Hub models: torchvision's `resnet18`/`resnet50`, loaded on
  pytorch.org/hub/pytorch_vision_resnet with `torch.hub.load('pytorch/vision:v0.10.0',
  'resnet18')`; PeaTMOSS's collector (`Data-Collection/PyTorch.py`) stores such a model
  as context_id `REPO/MODEL` with repo_url `github.com/pytorch/vision`, and a later step
  (`parse.py`) keeps only the entry point, as for `alexnet` here;
- two broken rows (context_id NULL, and an integer where the id string belongs).

The enhanced ("DIST") version adds the tables described in SCHEMAS.md section 2, with
the ground truth's upstream models and the sample's `baseModels` as base-model links.
`Fixture` keeps every inserted row so that tests compute their expectations from it.
"""

from __future__ import annotations

import csv
import json
import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HF, PYTORCH = 1, 2
REPOS_PER_MODEL = 4

# SCHEMAS.md section 2: what the enhanced release adds to (or changes in) v1.
ENHANCED_DDL = """
DROP TABLE paper;
CREATE TABLE paper (id INTEGER NOT NULL, title VARCHAR, url TEXT, PRIMARY KEY (id), UNIQUE (title));
ALTER TABLE dataset ADD COLUMN url TEXT;
CREATE TABLE model_to_base_model (
    model_id INTEGER NOT NULL, base_model_name TEXT NOT NULL, base_model_url TEXT, base_model_id INTEGER,
    PRIMARY KEY (model_id, base_model_id),
    FOREIGN KEY (model_id) REFERENCES model (id), FOREIGN KEY (base_model_id) REFERENCES model (id));
CREATE TABLE reuse_repository_to_license (
    reuse_repository_id INTEGER NOT NULL, license_id INTEGER NOT NULL,
    PRIMARY KEY (reuse_repository_id, license_id));
CREATE TABLE domain (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, UNIQUE (name));
CREATE TABLE model_to_domain (model_id INTEGER NOT NULL, domain_id INTEGER NOT NULL);
CREATE TABLE model_task (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, UNIQUE (name));
CREATE TABLE model_to_model_task (model_id INTEGER NOT NULL, model_task_id INTEGER NOT NULL);
CREATE TABLE parameter_count (id INTEGER PRIMARY KEY AUTOINCREMENT, count INTEGER NOT NULL, model_id INTEGER NOT NULL,
    UNIQUE (count, model_id));
"""


@dataclass
class ModelRow:
    row_id: int
    context_id: Any
    hub_id: int
    downloads: int | None = None
    repo_url: str | None = None
    authors: list[str] = field(default_factory=list)
    licenses: list[str] = field(default_factory=list)
    datasets: list[str] = field(default_factory=list)
    papers: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    libraries: list[str] = field(default_factory=list)
    repos: list[str] = field(default_factory=list)  # mapping.csv spelling: github.com/owner/name
    base_models: list[str] = field(default_factory=list)  # Hugging Face ids
    domain: str | None = None
    task: str | None = None
    parameters: int | None = None
    valid: bool = True


@dataclass
class Fixture:
    path: Path
    enhanced: bool
    models: list[ModelRow]
    repo_licenses: dict[str, list[str]]  # owner/name (mapping spelling, lower) -> keys

    @property
    def repos(self) -> set[str]:
        return {r for m in self.models for r in m.repos}


def _upstream_id(value: str, known: set[str]) -> str | None:
    """A ground-truth `upstream_model` as a Hugging Face id, when it clearly is one."""
    v = value.strip()
    if v.startswith("https://huggingface.co/"):
        return v[len("https://huggingface.co/"):].strip("/")
    m = re.fullmatch(r"([\w.-]+) / ([\w.-]+)", v)
    if m:
        return f"{m.group(1)}/{m.group(2)}"
    return v if v in known else None


def _param_count(value: str) -> int | None:
    m = re.fullmatch(r"\s*([\d.]+)\s*([MB])\s*", value or "")
    if not m:
        return None
    return int(round(float(m.group(1)) * (1_000_000 if m.group(2) == "M" else 1_000_000_000)))


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [s.strip() for s in items if isinstance(s, str) and s.strip()]


def real_models(shared: Path) -> list[ModelRow]:
    """The model rows both databases hold (see the module docstring)."""
    pm = shared / "peatmoss"
    gt = json.loads((pm / "groundTruth_accurate.json").read_text())
    downloads = json.loads((pm / "2k_filtered_models.json").read_text())
    mapping: dict[str, list[list[str]]] = {}
    with open(pm / "mapping.csv", newline="") as fh:
        for row in csv.reader(fh):
            mapping.setdefault(row[1], []).append(row)
    hub_stats = {}
    with open(shared / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in downloads:
                hub_stats[rec["id"]] = rec

    rows: dict[str, ModelRow] = {}

    def repos_of(mid: str) -> list[str]:
        return list(dict.fromkeys(r[0] for r in mapping.get(mid, [])))[:REPOS_PER_MODEL]

    def add(mid: str) -> ModelRow:
        if mid not in rows:
            rows[mid] = ModelRow(len(rows) + 1, mid, HF, downloads.get(mid), f"https://huggingface.co/{mid}",
                                 authors=[mid.split("/")[0]] if "/" in mid else [], repos=repos_of(mid))
            if mid in mapping:
                rows[mid].licenses = [mapping[mid][0][3]]
        return rows[mid]

    for mid, label in gt.items():
        m = add(mid)
        if not m.licenses and label.get("license", "").strip():
            m.licenses = [label["license"].strip()]
        m.datasets = _strings(label.get("datasets"))
        m.papers = _strings(label.get("paper"))
        up = _upstream_id(label.get("upstream_model") or "", set(downloads))
        m.base_models = [up] if up else []
        m.domain = label.get("model_type") or None
        m.task = label.get("model_tasks") or None
        m.parameters = _param_count(label.get("parameter_count") or "")
    for mid, rec in hub_stats.items():
        m = add(mid)
        tags = rec.get("tags") or []
        m.tags = list(tags)
        m.authors = [rec["author"]] if rec.get("author") else m.authors
        m.libraries = [rec["library_name"]] if rec.get("library_name") else []
        if not m.licenses:
            m.licenses = [t.split(":", 1)[1] for t in tags if t.startswith("license:")]
        m.datasets = m.datasets or [t.split(":", 1)[1] for t in tags if t.startswith("dataset:")]
        m.papers = m.papers or [t.split(":", 1)[1] for t in tags if t.startswith("arxiv:")]
        bm = rec.get("baseModels") or {}
        m.base_models = m.base_models or [x["id"] for x in bm.get("models") or []]
    # Base models that PeaTMOSS itself lists get their own row (base_model_id is then set).
    for mid in [b for m in list(rows.values()) for b in m.base_models if b in downloads]:
        add(mid)
    out = list(rows.values())
    n = len(out)
    torchvision = "github.com/pytorch/vision"
    out += [
        ModelRow(n + 1, "pytorch/vision:v0.10.0/resnet18", PYTORCH, repo_url=torchvision, authors=["Pytorch Team"], libraries=["pytorch"]),
        ModelRow(n + 2, "pytorch/vision:v0.10.0/resnet50", PYTORCH, repo_url=torchvision, authors=["Pytorch Team"], libraries=["pytorch"]),
        ModelRow(n + 3, "alexnet", PYTORCH, repo_url=torchvision, authors=["Pytorch Team"], libraries=["pytorch"]),
        # Broken rows: no id at all, and a number where the hub id string belongs. The
        # first links a license and a repository that valid models use too.
        ModelRow(n + 4, None, HF, licenses=["mit"], repos=out[0].repos[:1], valid=False),
        ModelRow(n + 5, 1512, HF, downloads=5, valid=False),
    ]
    return out


class _Ids:
    """Lookup-table ids, assigned on first use (the tables' UNIQUE(name))."""

    def __init__(self, conn: sqlite3.Connection, table: str, extra: str = "") -> None:
        self.conn, self.table, self.extra, self.ids = conn, table, extra, {}

    def __call__(self, name: str, url: str | None = None) -> int:
        if name not in self.ids:
            self.ids[name] = len(self.ids) + 1
            if self.extra:
                self.conn.execute(f"INSERT INTO {self.table} (id, {self.extra}, url) VALUES (?, ?, ?)", (self.ids[name], name, url))
            else:
                self.conn.execute(f"INSERT INTO {self.table} (id, name) VALUES (?, ?)", (self.ids[name], name))
        return self.ids[name]


def build(shared: Path, path: Path, enhanced: bool = False) -> Fixture:
    """Write a PeaTMOSS database at `path` and return what it holds."""
    models = real_models(shared)
    conn = sqlite3.connect(path)
    conn.executescript((shared / "peatmoss" / "PeaTMOSS.sql").read_text())
    if enhanced:
        conn.executescript(ENHANCED_DDL)
    conn.executemany("INSERT INTO model_hub (id, name, url) VALUES (?, ?, ?)",
                     [(HF, "Hugging Face", "https://huggingface.co"), (PYTORCH, "PyTorch", "https://pytorch.org/hub")])
    url_of = lambda v: v if v.startswith("http") else None  # noqa: E731
    lookups = {
        t: _Ids(conn, t) for t in ("author", "license", "tag", "library", "reuse_repository", "domain", "model_task")
    }
    dataset = _Ids(conn, "dataset", "name") if enhanced else _Ids(conn, "dataset")
    paper = _Ids(conn, "paper", "title") if enhanced else _Ids(conn, "paper")
    repo_ids: dict[str, int] = {}
    row_of = {m.context_id: m.row_id for m in models if isinstance(m.context_id, str)}
    for m in models:
        conn.execute("INSERT INTO model (id, context_id, model_hub_id, repo_url, downloads) VALUES (?, ?, ?, ?, ?)",
                     (m.row_id, m.context_id, m.hub_id, m.repo_url, m.downloads))
        links = [("model_to_author", "author_id", lookups["author"](a)) for a in m.authors]
        links += [("model_to_license", "license_id", lookups["license"](x)) for x in m.licenses]
        links += [("model_to_tag", "tag_id", lookups["tag"](x)) for x in m.tags]
        links += [("model_to_library", "library_id", lookups["library"](x)) for x in m.libraries]
        links += [("model_to_dataset", "dataset_id", dataset(x, url_of(x)) if enhanced else dataset(x)) for x in m.datasets]
        links += [("model_to_paper", "paper_id", paper(x, url_of(x)) if enhanced else paper(x)) for x in m.papers]
        for repo in m.repos:
            if repo not in repo_ids:
                repo_ids[repo] = len(repo_ids) + 1
                owner, name = repo.split("/")[1:3]
                conn.execute("INSERT INTO reuse_repository (id, owner, name, url) VALUES (?, ?, ?, ?)", (repo_ids[repo], owner, name, repo))
            links.append(("model_to_reuse_repository", "reuse_repository_id", repo_ids[repo]))
        if enhanced:
            links += [("model_to_domain", "domain_id", lookups["domain"](m.domain))] if m.domain else []
            links += [("model_to_model_task", "model_task_id", lookups["model_task"](m.task))] if m.task else []
            if m.parameters:
                conn.execute("INSERT INTO parameter_count (count, model_id) VALUES (?, ?)", (m.parameters, m.row_id))
            for base in m.base_models:
                conn.execute("INSERT INTO model_to_base_model VALUES (?, ?, ?, ?)",
                             (m.row_id, base, f"https://huggingface.co/{base}", row_of.get(base)))
        for table, col, xid in dict.fromkeys(links):
            conn.execute(f"INSERT INTO {table} (model_id, {col}) VALUES (?, ?)", (m.row_id, xid))
    repo_licenses: dict[str, list[str]] = {}
    if enhanced:
        gh = json.loads((shared / "peatmoss" / "all_gh_licenses.json").read_text())
        for repo, rid in repo_ids.items():
            keys = gh.get(repo.split("/", 1)[1]) or []
            repo_licenses[repo] = keys
            for k in dict.fromkeys(keys):
                conn.execute("INSERT INTO reuse_repository_to_license VALUES (?, ?)", (rid, lookups["license"](k)))
    conn.commit()
    conn.close()
    return Fixture(path, enhanced, models, repo_licenses)
