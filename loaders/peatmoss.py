"""`ptmkg ingest peatmoss PATH.db`: a PeaTMOSS SQLite database (MSR 2024).

Both releases load: the v1 schema (`PeaTMOSS.sql`, 56 tables) and the enhanced ("DIST")
version, whose extra tables are used when present (`model_to_base_model`,
`reuse_repository_to_license`, `model_to_domain`, `model_to_model_task`,
`parameter_count`; `paper.title`/`url` instead of `paper.name`, `dataset.url`).

The file is opened read-only and streamed: one cursor over `model` ordered by id, and one
cursor per link table ordered by `model_id` (their primary keys start with `model_id`, so
SQLite walks the index, no sort), merged in step with the model cursor. No table is
held in memory except `model_hub` (a handful of rows). Repositories are a second pass
over `reuse_repository`, merged the same way with their licenses.

Records and what they become (every edge's `source` is `peatmoss`):

| table(s) | graph |
|---|---|
| `model` (+ `model_hub`) | Model: id/key from `context_id`, hub, downloads, likes, sha, url |
| `model_to_author` | Organization, PUBLISHED_BY |
| `model_to_license` | License (via `license_knowledge.normalize`), LICENSED_UNDER |
| `model_to_dataset` | Dataset (ids and hub URLs; free text is noted and skipped), TRAINED_ON |
| `model_to_paper` | Paper (arXiv ids/URLs and DOIs; anything else noted), CITES |
| `model_to_tag` | `task` when a tag is a pipeline tag; `domain` from it |
| `model_to_library`, `model_to_language` | `library` (first), `languages` |
| `model_to_model_task`, `model_to_domain`, `parameter_count` | `task`/`domain` when the tags give none; `parameters` |
| `model_to_reuse_repository` + `reuse_repository` | Repository, USES (repository -> model) |
| `reuse_repository_to_license` | LICENSED_UNDER (repository -> license), `license_raw` |
| `model_to_base_model` | BASED_ON, relation `unknown` (the table has no relation column) |

Architectures and frameworks are not read: the graph schema has no property for them.

Model ids. `model.context_id` is declared INTEGER but holds the hub id string (SQLite
type affinity keeps text as text); a NULL or a number there is rejected. Keys keep the
hubs apart:
- Hugging Face: the hub id as is (`bert-base-uncased`, `openai/clip-vit-large-patch14`),
  checked like every Hugging Face id (`hf_mapping.check_model_id`); key = lower case.
- PyTorch Hub: `pytorchhub:OWNER/REPO:ENTRYPOINT` (`pytorchhub:pytorch/vision:resnet18`),
  from a context id `OWNER/REPO[:REF]/ENTRYPOINT`, `OWNER/REPO:ENTRYPOINT`, or a bare
  entry point completed with the GitHub repository in `model.repo_url`. The git ref
  (`v0.10.0`) is a version of the same model and is dropped from the identity.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

import click

from ptmkg.errors import InputError
from ptmkg.graph.identity import github_id, hf_id, key_of
from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.files import check_file
from ptmkg.loaders.hf_mapping import TASK_DOMAIN, check_model_id, domain_of
from ptmkg.loaders.license_knowledge import license_node_row, normalize
from ptmkg.loaders.pipeline import LoadReport, Raw, Rejected, Retraction, run

SOURCE = "peatmoss"
EDGE_SOURCE = "peatmoss"
PYTORCH_PREFIX = "pytorchhub:"
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")
_NAME = r"[A-Za-z0-9_.-]+"
# OWNER/REPO[:REF]/ENTRY or OWNER/REPO:ENTRY (the REF group backtracks away for the latter)
_PYTORCH_ID = re.compile(rf"^(?P<repo>{_NAME}/{_NAME})(?::(?P<ref>[^/:]+))?[/:](?P<entry>{_NAME})$")
_DATASET_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?$")
_ARXIV_NEW = re.compile(r"^(\d{4}\.\d{4,5})(v\d+)?$")
_ARXIV_OLD = re.compile(r"^([a-z][a-z.-]*(\.[A-Z]{2})?/\d{7})(v\d+)?$", re.I)
_ARXIV_URL = re.compile(r"arxiv\.org/(?:abs|pdf|html)/([^?#\s]+?)(?:\.pdf)?/?(?:[?#].*)?$", re.I)
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")
_DOI_URL = re.compile(r"^https?://(?:dx\.)?doi\.org/(10\.\d{4,9}/\S+)$", re.I)
_ARXIV_DOI = re.compile(r"^10\.48550/arxiv\.(.+)$", re.I)
MAX_TEXT = 300

# PeaTMOSS domain names (enhanced `domain` table) -> the schema's domain vocabulary.
_DOMAINS = {"nlp": "nlp", "cv": "vision", "computervision": "vision", "vision": "vision", "audio": "audio",
            "multimodal": "multimodal", "tabular": "tabular", "rl": "rl", "reinforcementlearning": "rl"}


# -- identities shared with other loaders ------------------------------------------------
def paper_ref(value: Any) -> tuple[str, str, str] | None:
    """(key, id, url) of a paper named by an arXiv id or URL or a DOI (bare or URL);
    None for anything else (titles, other web pages). Keys match `hf_mapping`'s."""
    if not isinstance(value, str):
        return None
    v = value.strip()
    if not v or len(v) > MAX_TEXT:
        return None
    low = v.lower()
    for prefix in ("arxiv:", "doi:"):
        if low.startswith(prefix):
            v = v[len(prefix):].strip()
            break
    m = _DOI_URL.match(v)
    doi = m.group(1) if m else (v if _DOI.match(v) else None)
    if doi:
        arx = _ARXIV_DOI.match(doi)
        if not arx:
            return f"doi:{doi.lower()}", f"doi:{doi}", f"https://doi.org/{doi}"
        v = arx.group(1)  # arXiv's own DOI names an arXiv paper: one node for both
    m = _ARXIV_URL.search(v)
    aid = m.group(1) if m else v
    if _ARXIV_NEW.match(aid) or _ARXIV_OLD.match(aid):
        return f"arxiv:{aid.lower()}", f"arXiv:{aid}", f"https://arxiv.org/abs/{aid}"
    return None


def dataset_id(value: Any) -> str | None:
    """A dataset id from a name or a Hugging Face dataset URL; None for free text."""
    if not isinstance(value, str) or len(value) > MAX_TEXT:
        return None
    did = hf_id(value)
    return did if _DATASET_ID.match(did) else None


def pytorch_hub_id(context_id: str, repo_url: str | None) -> str:
    """`pytorchhub:OWNER/REPO:ENTRYPOINT` from a PeaTMOSS PyTorch Hub context id."""
    cid = context_id.strip()
    if cid.lower().startswith(PYTORCH_PREFIX):
        cid = cid[len(PYTORCH_PREFIX):]
    m = _PYTORCH_ID.match(cid)
    if m:
        return f"{PYTORCH_PREFIX}{m.group('repo')}:{m.group('entry')}"
    repo = github_id(repo_url) if repo_url else ""
    if re.fullmatch(_NAME, cid) and _REPO.match(repo):
        return f"{PYTORCH_PREFIX}{repo}:{cid}"
    raise Rejected(f"invalid id: {context_id!r:.80} is not a PyTorch Hub OWNER/REPO:ENTRYPOINT (repo_url {repo_url!r:.60})")


def hub_of(name: Any, repo_url: Any) -> str:
    """The schema's hub name for a `model_hub.name` (or, when that is missing, the host of
    the model's repo_url)."""
    if isinstance(name, str) and name.strip():
        letters = re.sub(r"[^a-z]", "", name.lower())
        if letters.startswith("huggingface"):
            return "huggingface"
        if letters.startswith("pytorch"):
            return "pytorchhub"
        raise Rejected(f"unknown hub: model_hub.name {name!r:.60} is neither Hugging Face nor PyTorch Hub")
    host = repo_url.lower() if isinstance(repo_url, str) else ""
    if "huggingface.co" in host:
        return "huggingface"
    if "github.com" in host:
        return "pytorchhub"
    raise Rejected("unknown hub: model.model_hub_id names no model_hub row and repo_url gives no hint")


# -- fetching ---------------------------------------------------------------------------
@dataclass
class PeatmossDB:
    """An open PeaTMOSS database and what its schema offers."""

    path: Path
    conn: sqlite3.Connection
    tables: set[str]
    columns: dict[str, set[str]] = field(default_factory=dict)

    def has(self, table: str, *cols: str) -> bool:
        """Whether the database has this table with these columns."""
        return table in self.tables and all(c in self.columns.get(table, ()) for c in cols)

    def close(self) -> None:
        self.conn.close()


def open_db(path: Path | str) -> PeatmossDB:
    """Open a PeaTMOSS database read-only; one clear InputError if it is not one."""
    p = check_file(path, "PeaTMOSS database")
    try:
        conn = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error as e:
        raise InputError(f"{p}: cannot open as SQLite ({e})") from None
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        columns = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({_quote(t)})")} for t in tables}
    except sqlite3.DatabaseError as e:
        conn.close()
        raise InputError(f"{p}: not a PeaTMOSS database (not SQLite: {e})") from None
    db = PeatmossDB(p, conn, tables, columns)
    if not db.has("model", "id", "context_id", "model_hub_id") or not db.has("model_hub", "id", "name"):
        conn.close()
        raise InputError(f"{p}: not a PeaTMOSS database (no `model` table with context_id and model_hub_id, or no `model_hub`)")
    return db


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


class _Merge:
    """Rows `(model_id, ...)` of one query ordered by model id, taken in step with the
    model cursor (an ordered merge join: each table is read once, front to back)."""

    def __init__(self, cursor: Any) -> None:
        self._rows = iter(cursor)
        self._head = next(self._rows, None)

    def take(self, owner_id: int) -> list[tuple]:
        out = []
        while self._head is not None and self._head[0] < owner_id:
            self._head = next(self._rows, None)  # link rows of a model that is not there
        while self._head is not None and self._head[0] == owner_id:
            out.append(self._head[1:])
            self._head = next(self._rows, None)
        return out


def _link_query(db: PeatmossDB, link: str, fk: str, table: str, cols: str) -> str | None:
    """`SELECT model_id, <cols of the lookup row>` ordered by model id, or None when the
    database lacks the tables."""
    if not db.has(link, "model_id", fk) or table not in db.tables:
        return None
    return (
        f"SELECT l.model_id, {cols} FROM {link} l JOIN {table} x ON x.id = l.{fk} "
        f"WHERE typeof(l.model_id) = 'integer' ORDER BY l.model_id, l.{fk}"
    )


def _queries(db: PeatmossDB) -> dict[str, str]:
    """The per-model link queries this database supports, by record field."""
    paper_cols = "x.name, NULL" if db.has("paper", "name") else ("x.title, x.url" if db.has("paper", "title", "url") else None)
    dataset_cols = "x.name, x.url" if db.has("dataset", "url") else "x.name, NULL"
    lang_cols = "x.abbreviation, x.name" if db.has("language", "abbreviation") else "NULL, x.name"
    q: dict[str, str | None] = {
        "authors": _link_query(db, "model_to_author", "author_id", "author", "x.name"),
        "licenses": _link_query(db, "model_to_license", "license_id", "license", "x.name"),
        "datasets": _link_query(db, "model_to_dataset", "dataset_id", "dataset", dataset_cols),
        "papers": _link_query(db, "model_to_paper", "paper_id", "paper", paper_cols) if paper_cols else None,
        "tags": _link_query(db, "model_to_tag", "tag_id", "tag", "x.name"),
        "libraries": _link_query(db, "model_to_library", "library_id", "library", "x.name"),
        "languages": _link_query(db, "model_to_language", "language_id", "language", lang_cols),
        "repositories": _link_query(db, "model_to_reuse_repository", "reuse_repository_id", "reuse_repository", "x.owner, x.name, x.url"),
        "domains": _link_query(db, "model_to_domain", "domain_id", "domain", "x.name"),
        "tasks": _link_query(db, "model_to_model_task", "model_task_id", "model_task", "x.name"),
    }
    if db.has("parameter_count", "count", "model_id"):
        q["parameter_counts"] = "SELECT model_id, count FROM parameter_count WHERE typeof(model_id) = 'integer' ORDER BY model_id, id"
    if db.has("model_to_base_model", "model_id", "base_model_name"):
        # The base model's own row, when the database has it, names it best.
        q["base_models"] = (
            "SELECT l.model_id, l.base_model_name, l.base_model_url, b.context_id, h.name "
            "FROM model_to_base_model l LEFT JOIN model b ON b.id = l.base_model_id "
            "LEFT JOIN model_hub h ON h.id = b.model_hub_id "
            "WHERE typeof(l.model_id) = 'integer' ORDER BY l.model_id, l.base_model_id"
        )
    return {k: v for k, v in q.items() if v}


def count_records(db: PeatmossDB) -> int:
    """Models plus repositories: the number of records `fetch` yields."""
    n = db.conn.execute("SELECT count(*) FROM model").fetchone()[0]
    if db.has("reuse_repository", "id"):
        n += db.conn.execute("SELECT count(*) FROM reuse_repository").fetchone()[0]
    return n


def fetch(db: PeatmossDB) -> Iterator[Raw]:
    """Model records, then repository records, one at a time."""
    yield from _fetch_models(db)
    if db.has("reuse_repository", "id", "owner", "name", "url"):
        yield from _fetch_repositories(db)


def _fetch_models(db: PeatmossDB) -> Iterator[Raw]:
    hubs = {r[0]: r[1] for r in db.conn.execute("SELECT id, name FROM model_hub")}
    merges = {name: _Merge(db.conn.execute(sql)) for name, sql in _queries(db).items()}
    cols = "id, context_id, model_hub_id, " + ", ".join(
        c if db.has("model", c) else f"NULL AS {c}" for c in ("sha", "repo_url", "downloads", "likes")
    )
    for row in db.conn.execute(f"SELECT {cols} FROM model ORDER BY id"):
        rid, ctx, hub_id, sha, repo_url, downloads, likes = row
        rec: dict[str, Any] = {
            "kind": "model",
            "row": rid,
            "context_id": ctx,
            "hub": hubs.get(hub_id),
            "sha": sha,
            "repo_url": repo_url,
            "downloads": downloads,
            "likes": likes,
        }
        for name, merge in merges.items():
            rec[name] = [list(r) if len(r) > 1 else r[0] for r in merge.take(rid)]
        yield Raw(str(db.path), f"model.id {rid}", rec)


def _fetch_repositories(db: PeatmossDB) -> Iterator[Raw]:
    lic = None
    if db.has("reuse_repository_to_license", "reuse_repository_id", "license_id") and "license" in db.tables:
        lic = _Merge(db.conn.execute(
            "SELECT l.reuse_repository_id, x.name FROM reuse_repository_to_license l "
            "JOIN license x ON x.id = l.license_id WHERE typeof(l.reuse_repository_id) = 'integer' "
            "ORDER BY l.reuse_repository_id, l.license_id"
        ))
    for rid, owner, name, url in db.conn.execute("SELECT id, owner, name, url FROM reuse_repository ORDER BY id"):
        rec = {"kind": "repository", "row": rid, "owner": owner, "name": name, "url": url,
               "licenses": [r[0] for r in lic.take(rid)] if lic else None}
        yield Raw(str(db.path), f"reuse_repository.id {rid}", rec)


# -- mapping (pure) -------------------------------------------------------------------------
def map_record(rec: Any) -> Batch:
    """One fetched record (a model or a repository) -> graph rows."""
    if not isinstance(rec, dict) or rec.get("kind") not in ("model", "repository"):
        raise Rejected(f"wrong shape: expected a PeaTMOSS model or repository record, got {type(rec).__name__}")
    return map_model(rec) if rec["kind"] == "model" else map_repository(rec)


def model_identity(context_id: Any, hub: str, repo_url: Any) -> tuple[str, str]:
    """(id, url) of a model named by a PeaTMOSS context id on a hub."""
    if context_id is None or (isinstance(context_id, str) and not context_id.strip()):
        raise Rejected("missing id: model.context_id is NULL")
    if not isinstance(context_id, str):
        # SQLite stored a number: the INTEGER affinity of the column turned an id into one,
        # or the row never had a hub id. Either way it names no model.
        raise Rejected(f"wrong type: model.context_id holds {type(context_id).__name__} {context_id!r:.40}, not a hub id string")
    if hub == "huggingface":
        mid = check_model_id(context_id, "model.context_id")
        return mid, f"https://huggingface.co/{mid}"
    mid = pytorch_hub_id(context_id, repo_url if isinstance(repo_url, str) else None)
    return mid, f"https://github.com/{mid[len(PYTORCH_PREFIX):].split(':')[0]}"


def _count(value: Any, name: str, notes: list[str]) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        notes.append(f"skipped value: model.{name} {value!r:.40} is not a count")
        return None
    return value


def _task(tags: list[str], tasks: list[str]) -> str | None:
    """The pipeline tag among the hub tags, else the enhanced model_task normalized
    (`text generation` -> `text-generation`) when it is a known task."""
    for t in tags:
        if isinstance(t, str) and t in TASK_DOMAIN:
            return t
    for t in tasks:
        if isinstance(t, str):
            norm = re.sub(r"[\s_]+", "-", t.strip().lower())
            if norm in TASK_DOMAIN:
                return norm
    return None


def map_model(rec: dict[str, Any]) -> Batch:
    """A model record (the `model` row with its link rows) -> graph rows."""
    notes: list[str] = []
    hub = hub_of(rec.get("hub"), rec.get("repo_url"))
    mid, url = model_identity(rec.get("context_id"), hub, rec.get("repo_url"))
    key = key_of(mid)
    authors = [a for a in rec.get("authors", []) if isinstance(a, str) and a.strip()]
    tags = [t for t in rec.get("tags", []) if isinstance(t, str)]
    task = _task(tags, rec.get("tasks", []))
    domains = [_DOMAINS.get(re.sub(r"[^a-z]", "", d.lower())) for d in rec.get("domains", []) if isinstance(d, str)]
    counts = [c for c in rec.get("parameter_counts", []) if isinstance(c, int) and not isinstance(c, bool) and c > 0]
    libraries = [x for x in rec.get("libraries", []) if isinstance(x, str) and x.strip()]
    # language rows are (abbreviation, name); cards declare codes, so the code comes first
    languages = sorted({v.strip() for v in (a or n for a, n in rec.get("languages", [])) if isinstance(v, str) and v.strip()})
    licenses = [x for x in rec.get("licenses", []) if isinstance(x, str) and x.strip()]
    sha = rec.get("sha") if isinstance(rec.get("sha"), str) and rec["sha"].strip() else None

    b = Batch(notes=notes)
    b.node(
        "Model",
        key=key,
        id=mid,
        hub=hub,
        author=authors[0] if authors else (mid.split("/")[0] if hub == "huggingface" and "/" in mid else None),
        loaded=True,
        downloads=_count(rec.get("downloads"), "downloads", notes),
        likes=_count(rec.get("likes"), "likes", notes),
        task=task,
        domain=domain_of(task) if task else next((d for d in domains if d), None),
        library=libraries[0] if libraries else None,
        parameters=max(counts) if counts else None,
        languages=languages or None,
        license_raw=";".join(licenses) if licenses else None,
        sha=sha,
        url=url,
        source=[SOURCE],
    )
    for author in authors:
        akey = key_of(author)
        profile = f"https://huggingface.co/{author}" if hub == "huggingface" and _REPO.match(f"{author}/x") else None
        b.ref("Organization", akey, id=author.strip(), url=profile, source=[SOURCE])
        b.rel("PUBLISHED_BY", "Model", key, "Organization", akey, source=[EDGE_SOURCE])
    _map_licenses(b, key, licenses, notes)
    _map_datasets(b, key, rec.get("datasets", []), notes)
    _map_papers(b, key, rec.get("papers", []), notes)
    _map_repositories(b, key, rec.get("repositories", []), notes)
    _map_base_models(b, key, rec.get("base_models", []), notes)
    return b


def _map_licenses(b: Batch, key: str, licenses: list[str], notes: list[str]) -> None:
    for raw in licenses:
        m = normalize(raw)
        if m is None:
            continue
        if not m.known:
            notes.append(f"unknown license: {raw!r} did not normalize (kept as {m.key!r})")
        b.ref("License", m.key, **license_node_row(m))
        b.rel("LICENSED_UNDER", "Model", key, "License", m.key, raw=m.raw, source=[EDGE_SOURCE])


def _map_datasets(b: Batch, key: str, rows: list[Any], notes: list[str]) -> None:
    for name, url in rows:
        did = dataset_id(name) or (dataset_id(url) if isinstance(url, str) and "huggingface.co" in url else None)
        if did is None:
            notes.append(f"skipped dataset reference: {str(name)[:60]!r} is not a dataset id")
            continue
        page = url if isinstance(url, str) and url.startswith("http") else f"https://huggingface.co/datasets/{did}"
        b.ref("Dataset", key_of(did), id=did, loaded=False, url=page, source=[SOURCE])
        b.rel("TRAINED_ON", "Model", key, "Dataset", key_of(did), source=[EDGE_SOURCE])


def _map_papers(b: Batch, key: str, rows: list[Any], notes: list[str]) -> None:
    for name, url in rows:
        ref = paper_ref(url) or paper_ref(name)
        if ref is None:
            notes.append(f"skipped paper reference: {str(url or name)[:60]!r} is neither an arXiv id nor a DOI")
            continue
        pkey, pid, purl = ref
        b.ref("Paper", pkey, id=pid, url=purl, source=[SOURCE])
        b.rel("CITES", "Model", key, "Paper", pkey, source=[EDGE_SOURCE])


def repository_identity(owner: Any, name: Any, url: Any) -> str:
    """`owner/name` of a reuse_repository row (from its URL, else its owner and name)."""
    repo = github_id(url) if isinstance(url, str) and "github.com" in url.lower() else ""
    if not _REPO.match(repo) and isinstance(owner, str) and isinstance(name, str):
        repo = f"{owner.strip()}/{name.strip()}"
    if not _REPO.match(repo):
        raise Rejected(f"invalid id: repository {owner!r:.40}/{name!r:.40} ({url!r:.60}) is not a GitHub owner/repo")
    return repo


def _map_repositories(b: Batch, key: str, rows: list[Any], notes: list[str]) -> None:
    for owner, name, url in rows:
        try:
            repo = repository_identity(owner, name, url)
        except Rejected as e:
            notes.append(f"skipped repository: {e}")
            continue
        rkey = key_of(repo)
        o, n = repo.split("/", 1)
        b.ref("Repository", rkey, id=repo, owner=o, name=n, url=f"https://github.com/{repo}", source=[SOURCE])
        b.rel("USES", "Repository", rkey, "Model", key, source=[EDGE_SOURCE])


def _map_base_models(b: Batch, key: str, rows: list[Any], notes: list[str]) -> None:
    for name, url, base_ctx, base_hub in rows:
        try:
            if isinstance(base_ctx, str) and isinstance(base_hub, str):  # the base model's own row
                hub = hub_of(base_hub, None)
                bid, burl = model_identity(base_ctx, hub, None)
            else:  # the table's own columns, which come from Hugging Face (librarian-bots data)
                hub = "huggingface"
                named = name if isinstance(name, str) and name.strip() else (hf_id(url) if isinstance(url, str) else None)
                bid, burl = model_identity(named, hub, None)
        except Rejected as e:
            notes.append(f"skipped base model reference: {e}")
            continue
        bkey = key_of(bid)
        if bkey == key:
            notes.append("self-reference: the model names itself as its base model (model_to_base_model)")
        else:
            b.ref("Model", bkey, id=bid, loaded=False, hub=hub, url=burl)
        b.rel("BASED_ON", "Model", key, "Model", bkey, relation="unknown", source=[EDGE_SOURCE])


def map_repository(rec: dict[str, Any]) -> Batch:
    """A reuse_repository row (with its licenses in the enhanced version) -> graph rows."""
    repo = repository_identity(rec.get("owner"), rec.get("name"), rec.get("url"))
    rkey = key_of(repo)
    owner, name = repo.split("/", 1)
    lics = [x for x in rec.get("licenses") or [] if isinstance(x, str) and x.strip()]
    b = Batch()
    # Absence of license rows is not a finding that the repository has no license, so
    # `license_status` is only set when PeaTMOSS recorded one.
    b.node("Repository", key=rkey, id=repo, owner=owner, name=name, url=f"https://github.com/{repo}",
          license_raw=";".join(lics) if lics else None, license_status="licensed" if lics else None, source=[SOURCE])
    for raw in lics:
        m = normalize(raw, scheme="scancode")  # GitHub license keys are ScanCode's
        if m is None:
            continue
        if not m.known:
            b.notes.append(f"unknown license: repository license {raw!r} did not normalize")
        b.ref("License", m.key, **license_node_row(m))
        b.rel("LICENSED_UNDER", "Repository", rkey, "License", m.key, raw=m.raw, source=[EDGE_SOURCE])
    return b


def owned_edges(rec: Any, batch: Batch) -> list[Retraction]:
    """What one PeaTMOSS record says about its node's outgoing edges replaces what an
    earlier load of PeaTMOSS said (a newer release may drop an edge)."""
    kind = rec.get("kind") if isinstance(rec, dict) else None
    if kind == "model":
        keys = [r["key"] for r in batch.nodes.get("Model", [])]
        types = ("PUBLISHED_BY", "LICENSED_UNDER", "TRAINED_ON", "CITES", "BASED_ON")
        return [Retraction(t, "Model", (EDGE_SOURCE,), list(keys)) for t in types]
    if kind == "repository" and rec.get("licenses") is not None:
        keys = [r["key"] for r in batch.nodes.get("Repository", [])]
        return [Retraction("LICENSED_UNDER", "Repository", (EDGE_SOURCE,), keys)]
    return []


def load(store: Store, path: Path, rejects: Path | None = None, progress: bool | None = None) -> LoadReport:
    """Load one PeaTMOSS database file into the store."""
    db = open_db(path)
    try:
        return run(store, SOURCE, fetch(db), map_record, rejects=rejects, total=count_records(db),
                   retraction=owned_edges, progress=progress)
    finally:
        db.close()


@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@ingest_command(SOURCE)
def command(store: Store, path: Path, rejects: Path | None) -> LoadReport:
    """A PeaTMOSS SQLite database (v1 or the enhanced release): models of Hugging Face and
    PyTorch Hub with their authors, licenses, datasets, papers and base models, and the
    GitHub repositories that reuse them (with their licenses)."""
    return load(store, path, rejects)
