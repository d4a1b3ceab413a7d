"""Graph rows -> RDF triples (pure functions; no store, no I/O).

Node rows carry every property of their label (schema.py); edge rows carry the source's
key, the target's IRI properties (`iris.IRI_PROPS`, prefixed `b_`) and the edge's own
properties. The mapping table, with the reasons for each choice, is in docs/rdf.md.

Provenance of edges: every graph edge keeps its `source` list.
- BASED_ON: `child prov:wasDerivedFrom base` plus a qualified derivation (minted IRI, a
  hash of the two keys) typed with the relation kind, carrying `prov:entity base` and one
  `ptmkg:source` per place the edge was seen; finetune and adapter edges also get
  FAIR4ML's `fineTunedFrom`.
- TRAINED_ON, LICENSED_UNDER, PUBLISHED_BY, USES, CITES: the direct triple plus an
  `rdf:Statement` (minted IRI) naming it, with `ptmkg:source` (and, for licenses, the
  declared string as `ptmkg:declaredAs`).
- COMPATIBLE_INTO: one `ptmkg:CompatibilityVerdict` per source (no direct triple: sources
  may disagree, and a verdict can be `no`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Mapping

from ptmkg.export import iris
from ptmkg.export.terms import (
    DERIVATION_CLASS,
    FAIR4ML,
    FINE_TUNE_KINDS,
    LINK_PREDICATE,
    NODE_CLASSES,
    PROV,
    RDF_OBJECT,
    RDF_PREDICATE,
    RDF_STATEMENT,
    RDF_SUBJECT,
    RDF_TYPE,
    RDFS_SEE_ALSO,
    XSD_BOOLEAN,
    XSD_DATE,
    XSD_DATETIME,
    XSD_DURATION,
    XSD_INTEGER,
    XSD_STRING,
    p,
    s,
)
from ptmkg.export.writers import Triple

_DATETIME = re.compile(r"^-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)?$")
_DATE = re.compile(r"^-?\d{4,}-\d\d-\d\d(Z|[+-]\d\d:\d\d)?$")

PROV_DERIVED = PROV + "wasDerivedFrom"
PROV_QUALIFIED = PROV + "qualifiedDerivation"
PROV_DERIVATION = PROV + "Derivation"
PROV_ENTITY = PROV + "entity"
SOURCE = p("source")
IDENTIFIER, NAME, URL = s("identifier"), s("name"), s("url")
STATISTIC, COUNTER = s("interactionStatistic"), s("InteractionCounter")
INTERACTION_TYPE, INTERACTION_COUNT, WINDOW = s("interactionType"), s("userInteractionCount"), p("window")
ML_TASK, FINE_TUNED_FROM = FAIR4ML + "mlTask", FAIR4ML + "fineTunedFrom"
_HF_DATASETS = "https://huggingface.co/datasets/"

# Plain-string License terms -> project properties.
_LICENSE_TERMS = {
    "kind": p("licenseKind"),
    "commercial": p("commercialUse"),
    "copyleft": p("copyleft"),
    "derivative_license": p("derivativeLicense"),
    "use_restrictions": p("useRestrictions"),
    "covers_distillation": p("coversDistillation"),
    "name_prefix": p("namePrefix"),
    "attribution": p("attribution"),
    "family": p("licenseFamily"),
    "terms_source": p("termsSource"),
}


@dataclass
class MapStats:
    """What the mapping had to leave out (reported at the end of an export) and the task
    terms already described (a small set: one per distinct pipeline tag)."""

    skipped: Counter = field(default_factory=Counter)
    tasks: set = field(default_factory=set)


def _lit(out: list, subject: str, pred: str, value: Any) -> None:
    """A literal of the Python value's natural datatype; None gives nothing, a list one
    triple per item."""
    if value is None:
        return
    if value is True or value is False:
        out.append((subject, pred, "true" if value else "false", XSD_BOOLEAN))
    elif isinstance(value, str):
        out.append((subject, pred, value, XSD_STRING))
    elif isinstance(value, int):
        out.append((subject, pred, str(value), XSD_INTEGER))
    elif isinstance(value, (list, tuple)):
        for v in value:
            _lit(out, subject, pred, v)
    else:
        out.append((subject, pred, str(value), XSD_STRING))


def _date(out: list, subject: str, pred: str, value: Any, stats: MapStats) -> None:
    if value is None:
        return
    if isinstance(value, str) and _DATETIME.match(value):
        out.append((subject, pred, value, XSD_DATETIME))
    elif isinstance(value, str) and _DATE.match(value):
        out.append((subject, pred, value, XSD_DATE))
    else:
        stats.skipped[f"{pred.rsplit('/', 1)[-1]}: not an ISO-8601 date"] += 1


def _url(out: list, subject: str, value: Any, stats: MapStats) -> None:
    if not isinstance(value, str) or not value.strip():
        return
    if value == subject:  # the usual case: the node's IRI is its canonical page
        out.append((subject, URL, value, None))
        return
    iri = iris.url_iri(value)
    if iri is None:
        stats.skipped["url: not an absolute http(s) URL"] += 1
    else:
        out.append((subject, URL, iri, None))


def node_triples(label: str, row: Mapping[str, Any], stats: MapStats, iri: str | None = None, out: list | None = None) -> list[Triple]:
    """Every triple describing one node (not its relationships), appended to `out`."""
    out = [] if out is None else out
    iri = iri or iris.node_iri(label, row)
    for cls in NODE_CLASSES[label]:
        out.append((iri, RDF_TYPE, cls, None))
    _url(out, iri, row.get("url"), stats)
    _lit(out, iri, SOURCE, row.get("source"))
    _NODE[label](out, iri, row, stats)
    return out


_COUNTERS = (
    ("downloads", "downloads-30d", s("DownloadAction"), "P30D"),
    ("downloads_all_time", "downloads-all-time", s("DownloadAction"), None),
    ("likes", "likes", s("LikeAction"), None),
)


def _model(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    key, id_ = row["key"], row.get("id") or row["key"]
    out.append((iri, IDENTIFIER, id_, XSD_STRING))
    purl = iris.purl(key, id_)
    if purl:
        out.append((iri, IDENTIFIER, purl, XSD_STRING))
    out.append((iri, NAME, id_, XSD_STRING))
    _lit(out, iri, p("hub"), row.get("hub"))
    _lit(out, iri, p("loaded"), row.get("loaded"))
    _lit(out, iri, p("authorName"), row.get("author"))
    for alias in row.get("aliases") or ():
        out.append((iri, s("alternateName"), alias, XSD_STRING))
        if ":" not in alias and ":" not in key:
            out.append((iri, s("sameAs"), iris.model_iri(alias), None))
    _date(out, iri, s("dateCreated"), row.get("created_at"), stats)
    _date(out, iri, s("dateModified"), row.get("modified_at"), stats)
    for prop, what, action, window in _COUNTERS:
        n = row.get(prop)
        if n is None:
            continue
        c = iris.counter_iri(key, what)
        out.append((iri, STATISTIC, c, None))
        out.append((c, RDF_TYPE, COUNTER, None))
        out.append((c, INTERACTION_TYPE, action, None))
        out.append((c, INTERACTION_COUNT, str(n), XSD_INTEGER))
        if window:
            out.append((c, WINDOW, window, XSD_DURATION))
    task = row.get("task")
    if task:
        t = iris.task_iri(task)
        out.append((iri, ML_TASK, t, None))
        if task not in stats.tasks:
            stats.tasks.add(task)
            out.append((t, RDF_TYPE, s("DefinedTerm"), None))
            out.append((t, s("termCode"), task, XSD_STRING))
    _lit(out, iri, p("domain"), row.get("domain"))
    _lit(out, iri, s("softwareRequirements"), row.get("library"))
    _lit(out, iri, p("parameterCount"), row.get("parameters"))
    _lit(out, iri, p("gated"), row.get("gated"))
    _lit(out, iri, p("gguf"), row.get("gguf"))
    _lit(out, iri, s("inLanguage"), row.get("languages"))
    _lit(out, iri, p("declaredLicense"), row.get("license_raw"))
    _lit(out, iri, s("version"), row.get("sha"))


def _dataset(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    id_ = row.get("id") or row["key"]
    out.append((iri, IDENTIFIER, id_, XSD_STRING))
    out.append((iri, NAME, id_, XSD_STRING))
    _lit(out, iri, p("loaded"), row.get("loaded"))
    if iri.startswith(_HF_DATASETS):
        # The Hub serves Croissant JSON-LD for each dataset it hosts.
        out.append((iri, RDFS_SEE_ALSO, "https://huggingface.co/api/datasets/" + iri[len(_HF_DATASETS):] + "/croissant", None))


def _license(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    key, id_, spdx = row["key"], row.get("id") or row["key"], row.get("spdx_id")
    ident = iris.spdx_single(spdx) or iris.license_ref(key, id_)
    out.append((iri, IDENTIFIER, ident, XSD_STRING))
    if id_ != ident:
        out.append((iri, s("alternateName"), id_, XSD_STRING))
    out.append((iri, NAME, row.get("name") or id_, XSD_STRING))
    _lit(out, iri, p("known"), row.get("known"))
    for prop, pred in _LICENSE_TERMS.items():
        _lit(out, iri, pred, row.get(prop))
    _lit(out, iri, p("userCap"), row.get("user_cap"))


def _organization(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    id_ = row.get("id") or row["key"]
    out.append((iri, IDENTIFIER, id_, XSD_STRING))
    out.append((iri, NAME, id_, XSD_STRING))


def _repository(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    id_ = row.get("id") or row["key"]
    out.append((iri, IDENTIFIER, id_, XSD_STRING))
    out.append((iri, NAME, row.get("name") or id_, XSD_STRING))
    out.append((iri, s("codeRepository"), iri, None))
    _lit(out, iri, p("ownerName"), row.get("owner"))
    _lit(out, iri, p("declaredLicense"), row.get("license_raw"))
    _lit(out, iri, p("licenseStatus"), row.get("license_status"))


def _paper(out: list, iri: str, row: Mapping[str, Any], stats: MapStats) -> None:
    out.append((iri, IDENTIFIER, row.get("id") or row["key"], XSD_STRING))


_NODE = {
    "Model": _model,
    "Dataset": _dataset,
    "License": _license,
    "Organization": _organization,
    "Repository": _repository,
    "Paper": _paper,
}


def target_iri(label: str, row: Mapping[str, Any]) -> str:
    """The IRI of an edge row's target, from its `b_`-prefixed columns."""
    return iris.node_iri(label, {k: row.get("b_" + k) for k in iris.IRI_PROPS[label]})


def edge_triples(type_: str, from_label: str, to_label: str, a_iri: str, row: Mapping[str, Any], out: list | None = None) -> list[Triple]:
    """Every triple of one relationship whose source IRI is `a_iri` (see module doc),
    appended to `out`."""
    out = [] if out is None else out
    b_iri = target_iri(to_label, row)
    a_key, b_key = row["a_key"], row["b_key"]
    if type_ == "BASED_ON":
        d = iris.derivation_iri(a_key, b_key)
        relation = row.get("relation") or "unknown"
        out.append((a_iri, PROV_DERIVED, b_iri, None))
        out.append((a_iri, PROV_QUALIFIED, d, None))
        out.append((d, RDF_TYPE, PROV_DERIVATION, None))
        cls = DERIVATION_CLASS.get(relation)
        if cls:
            out.append((d, RDF_TYPE, cls, None))
        out.append((d, PROV_ENTITY, b_iri, None))
        _lit(out, d, SOURCE, row.get("source"))
        if relation in FINE_TUNE_KINDS:
            out.append((a_iri, FINE_TUNED_FROM, b_iri, None))
        return out
    if type_ == "COMPATIBLE_INTO":
        source = row.get("source") or ""
        v = iris.verdict_iri(a_key, b_key, source)
        out.append((v, RDF_TYPE, p("CompatibilityVerdict"), None))
        out.append((v, p("inbound"), a_iri, None))
        out.append((v, p("outbound"), b_iri, None))
        _lit(out, v, p("verdict"), row.get("verdict"))
        _lit(out, v, p("reason"), row.get("reason"))
        _lit(out, v, SOURCE, source or None)
        return out
    pred = LINK_PREDICATE[(type_, from_label)]
    link = iris.link_iri(type_, from_label, a_key, to_label, b_key)
    out.append((a_iri, pred, b_iri, None))
    out.append((link, RDF_TYPE, RDF_STATEMENT, None))
    out.append((link, RDF_SUBJECT, a_iri, None))
    out.append((link, RDF_PREDICATE, pred, None))
    out.append((link, RDF_OBJECT, b_iri, None))
    _lit(out, link, SOURCE, row.get("source"))
    if type_ == "LICENSED_UNDER":
        _lit(out, link, p("declaredAs"), row.get("raw"))
    return out
