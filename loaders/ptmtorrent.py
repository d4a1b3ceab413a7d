"""`ptmkg ingest ptmtorrent DIR`: PTMTorrent (MSR 2023) metadata records, validated
against PTMTorrent's own JSON Schemas (shipped in `loaders/knowledge/ptmtorrent/`).

Every `*.json` file under DIR is read; any other file is skipped with a line in the
rejects report (`not JSON: ...`). A file holds one record, a list of records (streamed element by element, so
a hub-sized list never sits in memory), or a Model Zoo hub list `{"models": [...]}`; a
`.json` file that is not JSON is one rejected entry in the report.

Which schema a record is checked against. The per-hub schemas require no field at all,
so a record is recognised by the fields only its schema has, in this order:

| record has | schema | hub |
|---|---|---|
| `ModelHub`, `ModelOwner`, `ModelOwnerURL`, `LatestGitCommitSHA`, `Datasets` or `ModelPaperDOIs` | `ptmtorrent.json` (normalized, all hubs; the hub is `ModelHub.ModelHubName`) | named by the record |
| `modelId` | `huggingfaceMetadata.json` | huggingface |
| `ModelAuthor`, `GitHubURL` or `ColabURL` | `pytorchhubModelMetadata.json` | pytorchhub |
| `ModelClass` | `onnxmodelhubHubMetadata.json` (a model family) | onnx |
| `ModelPath`, `ONNXVersion`, `OpsetVersion` or `Model` | `onnxmodelhubModelMetadata.json` | onnx |
| `slug` | `modelZooHubMetadata.json` (an entry of its `models`) | modelzoo |
| `long_desc`, `papers`, or `title` with `framework`/`categories` | `modelZooModelMetadata.json` | modelzoo |
| `task_extended`, `github_branch`, `backend`, `gpu` or `github` | `modelhubMetadata.json` | modelhub |

Anything else is rejected as unrecognised. The validator's best error becomes the reason
(`invalid ptmtorrent.json: at ModelHub: 'ModelHubURL' is a required property`). Two
corrections to the normalized schema, without which PTMTorrent's own published example
records (`example/onnxmodelzoo.json`) are all invalid; the shipped file stays as copied:
- `ModelHub.MetadataObjectID` may be a string of digits as well as an integer: PTMTorrent's
  writer (`ptmSchema.py`) writes a string;
- `Datasets`, `ModelPaperDOIs` and `DatasetUsages` use `contains` (at least one item must
  match, so `[]` fails) where `items` is meant (every item must match; `[]` is fine).
Formats (`uri`, `date-time`) are annotations, not checked.

Identity (the same model gets the same key from a normalized and a per-hub record):
- huggingface: the hub id (`ModelName` holds it in normalized records, `modelId` else);
- pytorchhub: `pytorchhub:OWNER/REPO:NAME`, the GitHub repository of the model and its
  name on PyTorch Hub (PeaTMOSS's keys have the same shape);
- onnx: `onnx:NAME` (`ModelName`, `Model` or `ModelClass`); modelzoo: `modelzoo:TITLE`;
  modelhub: `modelhub:NAME`.

What maps where (every edge's source is `ptmtorrent`): Model (hub, url, sha, task,
domain, library, downloads/likes for Hugging Face), Organization + PUBLISHED_BY (the
owner or author), Dataset + TRAINED_ON (`Datasets[]`, HF `cardData.datasets` and
`dataset:` tags, ONNX `Dataset`), Paper + CITES (`ModelPaperDOIs`, HF `arxiv:`/`doi:`
tags, ONNX `Paper`, Model Zoo `papers`), License + LICENSED_UNDER (HF `cardData.license`).
A dataset's own paper (`DatasetPaperDOI`) is linked from the dataset (Dataset -CITES->
Paper). GitHub
URLs stay the model's `url`: the repository that hosts a model is not one that uses it.
"""

from __future__ import annotations

import copy
import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterator

import click
from jsonschema import validators
from jsonschema.exceptions import best_match

from ptmkg.errors import InputError
from ptmkg.graph.identity import github_id, hf_id, key_of
from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.hf_mapping import check_model_id, domain_of, iso
from ptmkg.loaders.license_knowledge import license_node_row, normalize
from ptmkg.loaders.peatmoss import dataset_id, paper_ref
from ptmkg.loaders.pipeline import LoadReport, Raw, Rejected, run

SOURCE = "ptmtorrent"
SCHEMA_DIR = Path(__file__).resolve().parent / "knowledge" / "ptmtorrent"
CHUNK = 1 << 16
_BETWEEN = re.compile(r"[\s,]*")  # whitespace and separators between array elements
_REPO = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$")

# kind -> (schema file, definition inside it or None for the whole schema)
SCHEMAS: dict[str, tuple[str, str | None]] = {
    "normalized": ("ptmtorrent.json", None),
    "huggingface": ("huggingfaceMetadata.json", "HuggingFaceMetadatum"),
    "pytorchhub": ("pytorchhubModelMetadata.json", "PytorchHubModelMetadatum"),
    "onnx-hub": ("onnxmodelhubHubMetadata.json", "ONNXModelHublMetadatum"),
    "onnx-model": ("onnxmodelhubModelMetadata.json", "ONNXModelHubModellMetadatum"),
    "modelzoo-hub": ("modelZooHubMetadata.json", "Model"),
    "modelzoo-model": ("modelZooModelMetadata.json", "ModelZooModelMetadatum"),
    "modelhub": ("modelhubMetadata.json", "ModelhubMetadatum"),
}

# ModelHub.ModelHubName (letters only, lower case) -> the schema's hub names.
HUB_NAMES = {
    "huggingface": "huggingface", "pytorchhub": "pytorchhub", "pytorch": "pytorchhub",
    "onnxmodelzoo": "onnx", "onnx": "onnx", "modelzoo": "modelzoo", "modelzooco": "modelzoo",
    "modelhubai": "modelhub", "modelhub": "modelhub",
}

# Model Zoo category slugs -> domain.
_ZOO_DOMAINS = {
    "computer-vision": "vision", "natural-language-processing": "nlp", "audio-speech": "audio",
    "reinforcement-learning": "rl",
}


# -- schema detection and validation --------------------------------------------------------
def detect(rec: dict[str, Any]) -> str | None:
    """The kind of record (a key of SCHEMAS) by the fields only its schema has."""
    has = rec.keys().__contains__
    if any(map(has, ("ModelHub", "ModelOwner", "ModelOwnerURL", "LatestGitCommitSHA", "Datasets", "ModelPaperDOIs"))):
        return "normalized"
    if has("modelId"):
        return "huggingface"
    if any(map(has, ("ModelAuthor", "GitHubURL", "ColabURL"))):
        return "pytorchhub"
    if has("ModelClass"):
        return "onnx-hub"
    if any(map(has, ("ModelPath", "ONNXVersion", "OpsetVersion", "Model"))):
        return "onnx-model"
    if has("slug"):
        return "modelzoo-hub"
    if has("long_desc") or has("papers") or (has("title") and (has("framework") or has("categories"))):
        return "modelzoo-model"
    if any(map(has, ("task_extended", "github_branch", "backend", "gpu", "github"))):
        return "modelhub"
    return None


@lru_cache(maxsize=None)
def validator(kind: str) -> Any:
    """A jsonschema validator for one record of `kind`, from the shipped schema files."""
    name, definition = SCHEMAS[kind]
    schema = json.loads((SCHEMA_DIR / name).read_text(encoding="utf-8"))
    if definition is not None:
        # Per-hub files describe a list (or a hub object); a record is one definition.
        schema = {"$schema": schema["$schema"], "$ref": f"#/definitions/{definition}", "definitions": schema["definitions"]}
    if kind == "normalized":
        schema = _relax(copy.deepcopy(schema))
    cls = validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def _relax(schema: dict[str, Any]) -> dict[str, Any]:
    """The two corrections the normalized schema needs to accept PTMTorrent's own records
    (see the module docstring); everything else is checked as written."""
    props = schema["properties"]
    props["ModelHub"]["properties"]["MetadataObjectID"] = {"anyOf": [{"type": "integer"}, {"type": "string", "pattern": "^[0-9]+$"}]}
    usages = props["Datasets"]["contains"]["properties"]["DatasetUsages"]
    for array in (props["Datasets"], props["ModelPaperDOIs"], usages):
        if "contains" in array:
            array["items"] = array.pop("contains")
    return schema


def validate(rec: Any) -> str:
    """The record's kind; raises Rejected with the validator's reason when it is invalid."""
    if not isinstance(rec, dict):
        raise Rejected(f"wrong type: a record must be a JSON object, got {type(rec).__name__}")
    kind = detect(rec)
    if kind is None:
        raise Rejected(f"unrecognised record: no PTMTorrent schema has the fields {', '.join(sorted(rec))[:120]}")
    err = best_match(validator(kind).iter_errors(rec))
    if err is not None:
        where = "/".join(str(p) for p in err.absolute_path) or "(record)"
        raise Rejected(f"invalid {SCHEMAS[kind][0]}: at {where}: {err.message[:200]}")
    return kind


# -- fetching ---------------------------------------------------------------------------------
def fetch(root: Path) -> Iterator[Raw]:
    """Records of every `*.json` file under root (a file itself is allowed too)."""
    root = Path(root)
    if not root.exists():
        raise InputError(f"PTMTorrent directory {root} does not exist")
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        if path.suffix.lower() == ".json":
            yield from _records(path)
        else:  # reported, so that a mistyped directory does not load nothing in silence
            yield Raw(str(path), "file", _NotJSON(f"not JSON: {path.name} is not a .json file, skipped"))


class _NotJSON:
    """A file that could not be read as JSON; mapping it raises Rejected(reason)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason

    def __str__(self) -> str:
        return self.reason


def _records(path: Path) -> Iterator[Raw]:
    with open(path, encoding="utf-8", errors="replace") as fh:
        first = _first_char(fh)
        if first == "[":
            for i, item in _stream_array(fh, str(path)):
                yield Raw(str(path), f"item {i}", item)
            return
        if first != "{":
            what = "is empty" if not first else f"starts with {first!r}, not an object or a list"
            yield Raw(str(path), "file", _NotJSON(f"not JSON: {path.name} {what}"))
            return
        try:
            value = json.loads("{" + fh.read())
        except ValueError as e:
            yield Raw(str(path), "file", _NotJSON(f"not JSON: {path.name}: {e}"))
            return
    if set(value) == {"models"} and isinstance(value["models"], list):  # a Model Zoo hub list
        for i, item in enumerate(value["models"]):
            yield Raw(str(path), f"models[{i}]", item)
    else:
        yield Raw(str(path), "record", value)


def _first_char(fh: Any) -> str:
    """The first character that is not whitespace or a byte-order mark ('' at the end)."""
    while True:
        c = fh.read(1)
        if c != "\ufeff" and not c.isspace():
            return c


def _stream_array(fh: Any, name: str) -> Iterator[tuple[int, Any]]:
    """Elements of a top-level JSON array (its `[` already read), decoded one at a time
    from a buffer that holds about one chunk plus the element being read."""
    decoder = json.JSONDecoder()
    buf, pos, eof, i = "", 0, False, 0
    while True:
        pos = _BETWEEN.match(buf, pos).end()
        if pos < len(buf) and buf[pos] == "]":
            return
        if pos < len(buf):
            try:
                value, end = decoder.raw_decode(buf, pos)
                # a number or literal cut at a chunk boundary decodes too early: read on
                if end < len(buf) or eof:
                    yield i, value
                    i, pos = i + 1, end
                    continue
            except ValueError as e:
                if eof:
                    yield i, _NotJSON(f"not JSON: {Path(name).name} item {i}: {e}")
                    return
        elif eof:
            yield i, _NotJSON(f"not JSON: {Path(name).name} ends inside the list (after {i} items)")
            return
        chunk = fh.read(CHUNK)
        eof = not chunk
        buf, pos = buf[pos:] + chunk, 0


# -- mapping (pure) ----------------------------------------------------------------------------
def map_record(rec: Any) -> Batch:
    """One PTMTorrent record -> graph rows (validated first)."""
    if isinstance(rec, _NotJSON):
        raise Rejected(rec.reason)
    kind = validate(rec)
    return MAPPERS[kind](rec)


def _task(value: Any) -> str | None:
    """Tasks as the hubs spell them (`image_classification`, `Image classification`) in
    the pipeline-tag spelling (`image-classification`)."""
    if not isinstance(value, str) or not value.strip():
        return None
    return re.sub(r"[\s_]+", "-", value.strip().lower())


def _github(url: Any) -> str | None:
    repo = github_id(url) if isinstance(url, str) and "github.com" in url.lower() else ""
    return repo if _REPO.match(repo) else None


def _name(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise Rejected(f"missing id: the record has no {field}")
    return value.strip()


class _Model:
    """Collects one model's rows with the edges every hub shares."""

    def __init__(self, mid: str, hub: str, **props: Any) -> None:
        self.b = Batch()
        self.key = key_of(mid)
        task = props.pop("task", None)
        domain = props.pop("domain", None)
        props.update(key=self.key, id=mid, hub=hub, loaded=True, task=task, domain=domain_of(task) if task else domain, source=[SOURCE])
        # Only what the record gives: a missing value must not erase what another source set.
        self.b.node("Model", **{k: v for k, v in props.items() if v is not None})

    def owner(self, name: Any, url: Any = None) -> None:
        if not isinstance(name, str) or not name.strip() or "://" in name:
            return
        okey = key_of(name)
        self.b.ref("Organization", okey, id=name.strip(), url=url if isinstance(url, str) and url.startswith("http") else None, source=[SOURCE])
        self.b.rel("PUBLISHED_BY", "Model", self.key, "Organization", okey, source=[SOURCE])

    def dataset(self, name: Any, url: Any = None) -> str | None:
        did = dataset_id(url) if isinstance(url, str) and "huggingface.co" in url else None
        did = did or dataset_id(name)
        if did is None:
            if isinstance(name, str) and name.strip():
                self.b.notes.append(f"skipped dataset reference: {name[:60]!r} is not a dataset id")
            return None
        page = url if isinstance(url, str) and url.startswith("http") else f"https://huggingface.co/datasets/{did}"
        self.b.ref("Dataset", key_of(did), id=did, loaded=False, url=page, source=[SOURCE])
        self.b.rel("TRAINED_ON", "Model", self.key, "Dataset", key_of(did), source=[SOURCE])
        return did

    def paper(self, value: Any, label: str = "Model", key: str | None = None) -> None:
        """The model (or one of its datasets: label/key) cites a paper."""
        ref = paper_ref(value)
        if ref is None:
            if isinstance(value, str) and value.strip():
                self.b.notes.append(f"skipped paper reference: {value[:60]!r} is neither an arXiv id nor a DOI")
            return
        pkey, pid, purl = ref
        self.b.ref("Paper", pkey, id=pid, url=purl, source=[SOURCE])
        self.b.rel("CITES", label, key or self.key, "Paper", pkey, source=[SOURCE])

    def dataset_paper(self, dataset: str, value: Any) -> None:
        self.paper(value, "Dataset", key_of(dataset))

    def license(self, raw: Any) -> None:
        m = normalize(raw) if isinstance(raw, str) and raw.strip() else None
        if m is None:
            return
        if not m.known:
            self.b.notes.append(f"unknown license: {raw!r} did not normalize (kept as {m.key!r})")
        self.b.ref("License", m.key, **license_node_row(m))
        self.b.rel("LICENSED_UNDER", "Model", self.key, "License", m.key, raw=m.raw, source=[SOURCE])


def _hf_tags(m: _Model, tags: list[str]) -> None:
    for t in tags:
        if t.startswith("dataset:"):
            m.dataset(t[len("dataset:"):])
        elif t.startswith(("arxiv:", "doi:")):
            m.paper(t)


def map_normalized(rec: dict[str, Any]) -> Batch:
    """A normalized PTMTorrent record (any hub)."""
    hub_name = rec["ModelHub"]["ModelHubName"]
    hub = HUB_NAMES.get(re.sub(r"[^a-z]", "", hub_name.lower()))
    if hub is None:
        raise Rejected(f"unknown hub: ModelHub.ModelHubName {hub_name!r:.60} is none of the five PTMTorrent hubs")
    name, url, owner = _name(rec["ModelName"], "ModelName"), rec["ModelURL"], rec["ModelOwner"]
    if hub == "huggingface":
        mid = check_model_id(name if "/" in name else hf_id(url), "ModelName")
        if "://" in owner or not owner.strip():  # PTMTorrent's placeholder when the hub gave no author
            owner = mid.split("/")[0] if "/" in mid else ""
    elif hub == "pytorchhub":
        repo = _github(url)
        if repo is None:
            raise Rejected(f"invalid id: ModelURL {url!r:.80} is not the GitHub repository of a PyTorch Hub model")
        mid = f"pytorchhub:{repo}:{name}"
    else:
        mid = f"{hub}:{name}"
    m = _Model(mid, hub, url=url if url.startswith("http") else None, sha=rec["LatestGitCommitSHA"] or None,
               author=owner or None, task=_task(rec.get("ModelTask")))
    m.owner(owner, rec.get("ModelOwnerURL"))
    for doi in rec.get("ModelPaperDOIs") or []:
        m.paper(doi)
    for ds in rec.get("Datasets") or []:
        if not isinstance(ds, dict):
            continue
        did = m.dataset(ds.get("DatasetName"), ds.get("DatasetURL"))
        if did and ds.get("DatasetPaperDOI"):
            m.dataset_paper(did, ds["DatasetPaperDOI"])
    return m.b


def map_huggingface(rec: dict[str, Any]) -> Batch:
    """A Hugging Face record of the 2022 `list_models(full=True)` shape."""
    mid = check_model_id(rec.get("modelId") or rec.get("id"), "modelId")
    card = rec.get("cardData") or {}
    task = rec.get("pipeline_tag")
    langs = [card["language"]] if isinstance(card.get("language"), str) and card["language"].strip() else None
    owner = mid.split("/")[0] if "/" in mid else None  # `author` is always null in this shape
    m = _Model(mid, "huggingface", url=f"https://huggingface.co/{mid}", sha=rec.get("sha"), author=owner,
               modified_at=iso(rec.get("lastModified"), "lastModified"), downloads=rec.get("downloads"),
               likes=rec.get("likes"), library=rec.get("library_name"), languages=langs, task=task,
               license_raw=card.get("license"))
    if owner:
        m.owner(owner, f"https://huggingface.co/{owner}")
    m.license(card.get("license"))
    for ds in card.get("datasets") or []:
        m.dataset(ds)
    _hf_tags(m, rec.get("tags") or [])
    return m.b


def map_pytorchhub(rec: dict[str, Any]) -> Batch:
    """A PyTorch Hub model page (pytorch.org/hub)."""
    name = _name(rec.get("ModelName"), "ModelName")
    repo = _github(rec.get("GitHubURL"))
    if repo is None:
        raise Rejected("missing id: a PyTorch Hub model is named by its GitHubURL and ModelName; GitHubURL is missing")
    m = _Model(f"pytorchhub:{repo}:{name}", "pytorchhub", url=rec.get("ModelURL") or rec["GitHubURL"], author=rec.get("ModelAuthor"))
    m.owner(rec.get("ModelAuthor"))
    return m.b


def map_onnx_model(rec: dict[str, Any]) -> Batch:
    """An ONNX Model Zoo model file (one variant: `ResNet18`, `ResNet50-int8`)."""
    name = _name(rec.get("Model"), "Model")
    m = _Model(f"onnx:{name}", "onnx", url=rec.get("GitHub URL"), author="ONNX", task=_task(rec.get("Category")))
    m.owner("ONNX", "https://github.com/onnx")
    if rec.get("Dataset") not in (None, "", "N/A"):
        m.dataset(rec["Dataset"])
    return m.b


def map_onnx_hub(rec: dict[str, Any]) -> Batch:
    """An ONNX Model Zoo model family (`ResNet`), with its paper."""
    name = _name(rec.get("ModelClass"), "ModelClass")
    m = _Model(f"onnx:{name}", "onnx", author="ONNX", task=_task(rec.get("Category")))
    m.owner("ONNX", "https://github.com/onnx")
    m.paper(rec.get("Paper"))
    return m.b


def map_modelzoo(rec: dict[str, Any]) -> Batch:
    """A Model Zoo (modelzoo.co) model, from the hub list or its own page."""
    title = _name(rec.get("title"), "title")
    link = rec.get("link")
    owner = (_github(link) or "").split("/")[0] or None
    slugs = [c.get("slug") for c in rec.get("categories") or [] if isinstance(c, dict)]
    domain = next((_ZOO_DOMAINS[s] for s in slugs if s in _ZOO_DOMAINS), "other" if slugs else None)
    m = _Model(f"modelzoo:{title}", "modelzoo", url=link, author=owner, library=rec.get("framework"), domain=domain)
    m.owner(owner, f"https://github.com/{owner}" if owner else None)
    for url in (rec.get("papers") or {}).values():
        m.paper(url)
    return m.b


def map_modelhub(rec: dict[str, Any]) -> Batch:
    """A Modelhub (modelhub.ai) model."""
    name = _name(rec.get("name"), "name")
    github = rec.get("github")
    owner = (_github(github) or "").split("/")[0] or None
    backend = rec.get("backend") or []
    m = _Model(f"modelhub:{name}", "modelhub", url=github, author=owner, library=backend[0] if backend else None,
               task=_task(rec.get("task_extended")))
    m.owner(owner, f"https://github.com/{owner}" if owner else None)
    return m.b


MAPPERS: dict[str, Callable[[dict[str, Any]], Batch]] = {
    "normalized": map_normalized,
    "huggingface": map_huggingface,
    "pytorchhub": map_pytorchhub,
    "onnx-hub": map_onnx_hub,
    "onnx-model": map_onnx_model,
    "modelzoo-hub": map_modelzoo,
    "modelzoo-model": map_modelzoo,
    "modelhub": map_modelhub,
}


def load(store: Store, root: Path, rejects: Path | None = None, progress: bool | None = None) -> LoadReport:
    """Load every PTMTorrent record under a directory (or one file) into the store."""
    root = Path(root)
    if not root.exists():
        raise InputError(f"PTMTorrent directory {root} does not exist")
    return run(store, SOURCE, fetch(root), map_record, rejects=rejects, progress=progress)


@click.argument("directory", type=click.Path(path_type=Path))
@ingest_command(SOURCE)
def command(store: Store, directory: Path, rejects: Path | None) -> LoadReport:
    """PTMTorrent metadata (*.json under DIRECTORY): normalized cross-hub records and the
    per-hub records of Hugging Face, PyTorch Hub, ONNX Model Zoo, Model Zoo and Modelhub,
    each validated against PTMTorrent's JSON Schema; invalid records go to the report."""
    return load(store, directory, rejects)
