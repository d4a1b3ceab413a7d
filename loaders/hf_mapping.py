"""Mapping one Hugging Face model record to graph rows (pure: no I/O).

The record has the shape of the public `hub-stats` models table, which is also what the
Hub API returns with `expand`: id, author, createdAt, lastModified, downloads,
downloadsAllTime, likes, tags, cardData (model-card front matter, as a dict or a JSON
string), safetensors, gguf, baseModels, pipeline_tag, library_name, and optionally gated.

Base models are declared in three places, reconciled here into one edge per pair whose
`source` lists every place it was seen:
- `baseModels` {relation, models: [{id}]}          -> source `hf:baseModels`
- `cardData.base_model` (+ `base_model_relation`)   -> source `hf:card`
- tags `base_model:<id>`, `base_model:<rel>:<id>`   -> source `hf:tag`
The relation comes from `baseModels`, else the card's `base_model_relation`, else a tag,
else `unknown`. Referenced models that the record does not describe become nodes with
`loaded = false`. A self-reference is kept (it is what the source says; the quality pack
reports it) and noted in the load report.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timezone
from typing import Any, Iterable

from ptmkg.graph.identity import hf_id, key_of
from ptmkg.graph.schema import RELATION_KINDS, Batch
from ptmkg.loaders.license_knowledge import license_node_row, normalize
from ptmkg.loaders.pipeline import Rejected

SOURCE = "hf-snapshot"
EDGE_SOURCES = ("hf:baseModels", "hf:card", "hf:tag", "hf:id")
MAX_ID = 200  # Hub repo names are at most 96 characters per part
MAX_TEXT = 300  # longer card values (a license or dataset "id") are not ids
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9._-]+)?$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_ARXIV = re.compile(r"^\d{4}\.\d{4,5}(v\d+)?$|^[a-z\-]+(\.[A-Z]{2})?/\d{7}$")

# Hugging Face task (pipeline tag) -> domain: the Hub's own task groups (huggingface.js
# packages/tasks/src/pipelines.ts; its "cv" is called "vision" here).
_DOMAINS = {
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
}
TASK_DOMAIN = {task: dom for dom, tasks in _DOMAINS.items() for task in tasks.split()}


def domain_of(task: str | None) -> str | None:
    if not task:
        return None
    return TASK_DOMAIN.get(task, "other")


# -- small checks -----------------------------------------------------------------------
def _opt(rec: dict, name: str, types: tuple[type, ...], what: str) -> Any:
    value = rec.get(name)
    if value is None:
        return None
    if isinstance(value, bool) and bool not in types:
        raise Rejected(f"wrong type: {name} must be {what}, got a boolean")
    if not isinstance(value, types):
        raise Rejected(f"wrong type: {name} must be {what}, got {type(value).__name__}")
    return value


def _count(rec: dict, name: str) -> int | None:
    value = _opt(rec, name, (int,), "an integer")
    if value is not None and value < 0:
        raise Rejected(f"wrong value: {name} is negative ({value})")
    return value


def iso(value: Any, name: str = "date") -> str | None:
    """A timestamp (datetime, date or ISO string) as ISO-8601 UTC `YYYY-MM-DDTHH:MM:SSZ`."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        try:
            value = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            raise Rejected(f"wrong value: {name} is not an ISO date ({text[:40]!r})") from None
    if isinstance(value, date) and not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    if not isinstance(value, datetime):
        raise Rejected(f"wrong type: {name} must be a timestamp, got {type(value).__name__}")
    if value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def check_model_id(value: Any, field: str = "id") -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise Rejected(f"missing id: the record has no {field}")
    if not isinstance(value, str):
        raise Rejected(f"wrong type: {field} must be a string, got {type(value).__name__}")
    if len(value) > MAX_ID:
        raise Rejected(f"too long: {field} has {len(value):,} characters")
    if _CONTROL.search(value):
        raise Rejected(f"control characters: {field} {value!r:.80}")
    mid = hf_id(value)
    if not _ID.match(mid):
        raise Rejected(f"invalid id: {mid!r:.80} is not a Hugging Face repo id")
    return mid


def _strings(value: Any, field: str, notes: list[str]) -> list[str]:
    """A card field that may be a string or a list of strings; odd entries are noted."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    out = []
    for item in items:
        if not isinstance(item, str):
            notes.append(f"skipped value: {field} entry of type {type(item).__name__}")
        elif len(item) > MAX_TEXT or _CONTROL.search(item):
            notes.append(f"skipped value: {field} entry {item[:60]!r}… is not an id")
        elif item.strip():
            out.append(item.strip())
    return out


def card_of(rec: dict) -> dict:
    card = rec.get("cardData")
    if card is None:
        return {}
    if isinstance(card, str):
        if not card.strip():
            return {}
        try:
            card = json.loads(card)
        except ValueError as e:
            raise Rejected(f"broken JSON: cardData ({e.msg} at {e.pos})") from None
    if not isinstance(card, dict):
        raise Rejected(f"wrong type: cardData must be an object, got {type(card).__name__}")
    return card


def _parameters(rec: dict) -> int | None:
    st = rec.get("safetensors")
    if isinstance(st, dict) and isinstance(st.get("total"), int) and not isinstance(st.get("total"), bool):
        return st["total"]
    gg = rec.get("gguf")
    if isinstance(gg, str):
        try:
            gg = json.loads(gg)
        except ValueError:
            return None
    if isinstance(gg, dict) and isinstance(gg.get("total"), int):
        return gg["total"]
    return None


def _gated(rec: dict, card: dict) -> bool:
    g = rec.get("gated")
    if g not in (None, False, "false", "False"):
        return True
    return any(k.startswith("extra_gated") for k in card)


# -- the mapping ------------------------------------------------------------------------
def map_model(rec: Any, source: str = SOURCE) -> Batch:
    """One hub-stats-shaped record -> graph rows. Raises Rejected with the reason."""
    if not isinstance(rec, dict):
        raise Rejected(f"wrong type: a record must be an object, got {type(rec).__name__}")
    mid = check_model_id(rec.get("id"))
    key = key_of(mid)
    notes: list[str] = []
    card = card_of(rec)
    tags = _opt(rec, "tags", (list,), "a list of strings") or []
    if not all(isinstance(t, str) for t in tags):
        raise Rejected("wrong type: tags must be a list of strings")
    author = _opt(rec, "author", (str,), "a string") or (mid.split("/")[0] if "/" in mid else None)
    task = _opt(rec, "pipeline_tag", (str,), "a string")
    library = _opt(rec, "library_name", (str,), "a string")

    b = Batch(notes=notes)
    b.node(
        "Model",
        key=key,
        id=mid,
        hub="huggingface",
        author=author,
        loaded=True,
        created_at=iso(rec.get("createdAt"), "createdAt"),
        modified_at=iso(rec.get("lastModified"), "lastModified"),
        downloads=_count(rec, "downloads"),
        downloads_all_time=_count(rec, "downloadsAllTime"),
        likes=_count(rec, "likes"),
        task=task,
        domain=domain_of(task),
        library=library,
        parameters=_parameters(rec),
        gated=_gated(rec, card),
        gguf=rec.get("gguf") not in (None, "", {}),
        languages=_strings(card.get("language"), "cardData.language", notes)[:50],
        url=f"https://huggingface.co/{mid}",
        source=[source],
    )
    if author:
        b.ref("Organization", key_of(author), id=author, url=f"https://huggingface.co/{author}", source=[source])
        b.rel("PUBLISHED_BY", "Model", key, "Organization", key_of(author), source=["hf:id"])
    _map_base_models(b, rec, card, tags, mid, notes)
    _map_licenses(b, card, tags, key, notes)
    _map_datasets(b, card, tags, key, notes)
    _map_papers(b, tags, key)
    return b


def _add_model_ref(b: Batch, mid: str) -> str:
    k = key_of(mid)
    b.ref("Model", k, id=mid, loaded=False, hub="huggingface", url=f"https://huggingface.co/{mid}")
    return k


def _map_base_models(b: Batch, rec: dict, card: dict, tags: list[str], mid: str, notes: list[str]) -> None:
    seen: dict[str, dict[str, Any]] = {}  # base key -> {id, relation by source, sources}

    def saw(raw_id: str, where: str, relation: str | None) -> None:
        try:
            base = check_model_id(raw_id, "base model")
        except Rejected as e:
            notes.append(f"skipped base model reference from {where}: {e}")
            return
        entry = seen.setdefault(key_of(base), {"id": base, "relations": {}, "sources": []})
        if where not in entry["sources"]:
            entry["sources"].append(where)
        if relation:
            rel = relation.strip().lower()
            if rel in RELATION_KINDS:
                entry["relations"].setdefault(where, rel)
            else:
                notes.append(f"unknown relation: {relation!r} from {where} for base model {base}")

    bm = rec.get("baseModels")
    if bm is not None:
        if not isinstance(bm, dict) or not isinstance(bm.get("models") or [], list):
            raise Rejected("wrong type: baseModels must be {relation, models: [...]}")
        for m in bm.get("models") or []:
            ref = m.get("id") if isinstance(m, dict) else m
            if isinstance(ref, str):
                saw(ref, "hf:baseModels", bm.get("relation") if isinstance(bm.get("relation"), str) else None)
            else:
                notes.append("skipped base model reference from hf:baseModels: not a string id")
    card_rel = card.get("base_model_relation") if isinstance(card.get("base_model_relation"), str) else None
    for ref in _strings(card.get("base_model"), "cardData.base_model", notes):
        saw(ref, "hf:card", card_rel)
    for t in tags:
        if t.startswith("base_model:"):
            parts = t.split(":")
            if len(parts) == 2:
                saw(parts[1], "hf:tag", None)
            elif len(parts) == 3:
                saw(parts[2], "hf:tag", parts[1])

    child = key_of(mid)
    for base_key, entry in seen.items():
        rels = entry["relations"]
        relation = rels.get("hf:baseModels") or rels.get("hf:card") or rels.get("hf:tag") or "unknown"
        if base_key == child:
            notes.append(f"self-reference: the model names itself as its base model (from {', '.join(entry['sources'])})")
        else:
            _add_model_ref(b, entry["id"])
        b.rel("BASED_ON", "Model", child, "Model", base_key, relation=relation, source=entry["sources"])


def _map_licenses(b: Batch, card: dict, tags: list[str], key: str, notes: list[str]) -> None:
    found: dict[str, dict[str, Any]] = {}
    name = card.get("license_name") if isinstance(card.get("license_name"), str) else None
    link = card.get("license_link") if isinstance(card.get("license_link"), str) else None

    def saw(raw: str, where: str) -> None:
        m = normalize(raw, name=name, link=link)
        if m is None:
            return
        if not m.known:
            notes.append(f"unknown license: {raw!r} did not normalize (kept as {m.key!r})")
        entry = found.setdefault(m.key, {"match": m, "sources": []})
        if where not in entry["sources"]:
            entry["sources"].append(where)

    for raw in _strings(card.get("license"), "cardData.license", notes):
        saw(raw, "hf:card")
    for t in tags:
        if t.startswith("license:"):
            saw(t[len("license:") :], "hf:tag")
    for lic_key, entry in found.items():
        m = entry["match"]
        b.ref("License", lic_key, **license_node_row(m))
        b.rel("LICENSED_UNDER", "Model", key, "License", lic_key, raw=m.raw, source=entry["sources"])


def _map_datasets(b: Batch, card: dict, tags: list[str], key: str, notes: list[str]) -> None:
    found: dict[str, tuple[str, list[str]]] = {}
    refs = [(d, "hf:card") for d in _strings(card.get("datasets"), "cardData.datasets", notes)]
    refs += [(t[len("dataset:") :], "hf:tag") for t in tags if t.startswith("dataset:")]
    for raw, where in refs:
        did = hf_id(raw)
        if not _ID.match(did):
            notes.append(f"skipped dataset reference from {where}: {raw[:60]!r} is not a dataset id")
            continue
        entry = found.setdefault(key_of(did), (did, []))
        if where not in entry[1]:
            entry[1].append(where)
    for dkey, (did, sources) in found.items():
        b.ref("Dataset", dkey, id=did, loaded=False, url=f"https://huggingface.co/datasets/{did}")
        b.rel("TRAINED_ON", "Model", key, "Dataset", dkey, source=sources)


def _map_papers(b: Batch, tags: Iterable[str], key: str) -> None:
    for t in tags:
        if t.startswith("arxiv:"):
            aid = t[len("arxiv:") :].strip()
            if _ARXIV.match(aid):
                pkey = f"arxiv:{aid.lower()}"
                b.ref("Paper", pkey, id=f"arXiv:{aid}", url=f"https://arxiv.org/abs/{aid}")
                b.rel("CITES", "Model", key, "Paper", pkey, source=["hf:tag"])
        elif t.startswith("doi:"):
            doi = t[len("doi:") :].strip()
            if doi.startswith("10.") and len(doi) < MAX_TEXT and not _CONTROL.search(doi):
                pkey = f"doi:{doi.lower()}"
                b.ref("Paper", pkey, id=f"doi:{doi}", url=f"https://doi.org/{doi}")
                b.rel("CITES", "Model", key, "Paper", pkey, source=["hf:tag"])


def owned_edges(rec: Any, batch: Batch) -> list:
    """What a Hugging Face record owns: the outgoing edges its sources put there, which a
    newer version of the record replaces (see pipeline.Retraction)."""
    from ptmkg.loaders.pipeline import Retraction

    models = batch.nodes.get("Model") or []
    if not models:
        return []
    keys = [models[0]["key"]]
    hf = ("hf:baseModels", "hf:card", "hf:tag")
    return [
        Retraction("BASED_ON", "Model", hf, keys),
        Retraction("LICENSED_UNDER", "Model", ("hf:card", "hf:tag"), keys),
        Retraction("TRAINED_ON", "Model", ("hf:card", "hf:tag"), keys),
        Retraction("CITES", "Model", ("hf:tag",), keys),
    ]
