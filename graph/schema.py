"""The ptmkg graph schema, defined once.

Every store builds its DDL from these definitions, every loader writes rows that are
checked against them, and `docs/schema.md` is generated from them (a test keeps it in
sync). Labels, relationship types and property names are the only things ever spliced
into query text, and only after being looked up here; values always travel as parameters.

Identity: every node has a `key`, its identity in lower case (Hugging Face and GitHub
ids are case-insensitive), and an `id`, the spelling shown to people. Relationship rows
name their endpoints by key.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable, Mapping

from ptmkg.errors import SchemaError

# Property types understood by both stores. Timestamps are ISO-8601 UTC strings
# ("2024-03-01T05:57:44Z"): they sort correctly and compare equal on both stores.
STRING, INT, FLOAT, BOOL, STRINGS = "STRING", "INT64", "DOUBLE", "BOOLEAN", "STRING[]"
PROPERTY_TYPES = (STRING, INT, FLOAT, BOOL, STRINGS)

RELATION_KINDS = ("finetune", "adapter", "merge", "quantized", "distill", "unknown")


@dataclass(frozen=True)
class Prop:
    name: str
    type: str
    doc: str
    indexed: bool = False  # Neo4j gets an index; LadybugDB indexes only the primary key
    # A value that says "not known": it never overwrites a value already stored, so a
    # source that cannot tell the relation kind does not erase one that could.
    weak: str | None = None

    def __post_init__(self) -> None:
        if self.type not in PROPERTY_TYPES:
            raise ValueError(f"unknown property type {self.type!r} for {self.name}")


@dataclass(frozen=True)
class NodeType:
    label: str
    doc: str
    props: tuple[Prop, ...]

    @property
    def prop_map(self) -> dict[str, Prop]:
        return {p.name: p for p in self.props}

    @property
    def union_props(self) -> tuple[str, ...]:
        """List properties that accumulate across writes instead of being replaced."""
        return tuple(n for n in ("source", "aliases") if n in self.prop_map)


@dataclass(frozen=True)
class RelType:
    type: str
    doc: str
    endpoints: tuple[tuple[str, str], ...]
    props: tuple[Prop, ...]
    # Properties that, with the two endpoints, identify one relationship. Most types have
    # at most one relationship per ordered pair; COMPATIBLE_INTO has one per source.
    key_props: tuple[str, ...] = ()
    # List properties whose values accumulate (set union) instead of being replaced, so
    # that two loaders seeing the same edge both leave their mark in `source`.
    union_props: tuple[str, ...] = ("source",)

    @property
    def prop_map(self) -> dict[str, Prop]:
        return {p.name: p for p in self.props}


def _node(label: str, doc: str, *props: Prop) -> NodeType:
    base = (
        Prop("key", STRING, "Identity: the id in lower case. Primary key."),
        Prop("id", STRING, "The id as its source spells it.", indexed=True),
    )
    tail = (Prop("source", STRINGS, "Loaders that contributed this node (e.g. `hf-snapshot`, `peatmoss`)."),)
    return NodeType(label, doc, base + tuple(props) + tail)


_SOURCE = Prop(
    "source",
    STRINGS,
    "Where the edge was seen, one entry per place, e.g. `hf:baseModels`, `hf:card`, "
    "`hf:tag`, `peatmoss:mapping`, `curated`.",
)

NODES: tuple[NodeType, ...] = (
    _node(
        "Model",
        "A pre-trained model on a model hub.",
        Prop("hub", STRING, "Hub that hosts it: `huggingface`, `pytorchhub`, `onnx`, `modelzoo`, `modelhub`."),
        Prop("author", STRING, "Owner part of the id, or the author the hub reports."),
        Prop("loaded", BOOL, "True when a loader read the model's own record; false for models only referenced by others.", indexed=True),
        Prop("aliases", STRINGS, "Other keys that name this model (legacy ids such as `gpt2`), lower case."),
        Prop("created_at", STRING, "Creation time, ISO-8601 UTC."),
        Prop("modified_at", STRING, "Last modification, ISO-8601 UTC."),
        Prop("downloads", INT, "Downloads in the last 30 days, as the hub reports.", indexed=True),
        Prop("downloads_all_time", INT, "Downloads since creation."),
        Prop("likes", INT, "Likes."),
        Prop("task", STRING, "Pipeline tag (e.g. `text-generation`).", indexed=True),
        Prop("domain", STRING, "Domain derived from the task: nlp, vision, audio, multimodal, tabular, rl, other."),
        Prop("library", STRING, "Library name (e.g. `transformers`)."),
        Prop("parameters", INT, "Parameter count from safetensors metadata."),
        Prop("gated", BOOL, "Access is gated on the hub."),
        Prop("gguf", BOOL, "Ships GGUF weights."),
        Prop("languages", STRINGS, "Languages declared in the card."),
        Prop("license_raw", STRING, "The license string as declared, before normalization."),
        Prop("sha", STRING, "Commit of the snapshot the record describes, when known."),
        Prop("url", STRING, "Canonical page of the model."),
    ),
    _node(
        "Dataset",
        "A dataset a model was trained or fine-tuned on.",
        Prop("loaded", BOOL, "True when a loader read the dataset's own record."),
        Prop("url", STRING, "Canonical page of the dataset."),
    ),
    _node(
        "License",
        "A license, with terms normalized for propagation along lineage. Unknown stays unknown.",
        Prop("name", STRING, "Full name."),
        Prop("spdx_id", STRING, "SPDX identifier, when the license is on the SPDX list.", indexed=True),
        Prop("kind", STRING, "software, content, ml, data, proprietary or unknown."),
        Prop("known", BOOL, "False when the string did not normalize to a license ptmkg knows."),
        Prop("commercial", STRING, "allowed, conditional, prohibited or unknown."),
        Prop("copyleft", STRING, "none, weak, strong, network, share-alike or unknown."),
        Prop("derivative_license", STRING, "any, any-with-passthrough, same, same-or-compatible, not-distributable or unknown."),
        Prop("use_restrictions", STRING, "yes when use restrictions must be passed on to downstream users; no; unknown."),
        Prop("covers_distillation", STRING, "yes when models trained on outputs count as derivatives; no; unknown."),
        Prop("name_prefix", STRING, "Required prefix of derived model names (Llama 3+: `Llama`)."),
        Prop("attribution", STRING, "Notice or attribution that must be shown."),
        Prop("user_cap", INT, "Monthly-active-user cap above which another license is needed."),
        Prop("family", STRING, "Family used to colour and group: permissive, copyleft, cc, cc-nc, rail, llama, gemma, proprietary, other, unknown."),
        Prop("url", STRING, "License text."),
        Prop("terms_source", STRING, "Where the normalized terms come from."),
    ),
    _node(
        "Organization",
        "A user or organization that publishes models or datasets.",
        Prop("url", STRING, "Profile page."),
    ),
    _node(
        "Repository",
        "A source-code repository (GitHub) that loads models.",
        Prop("owner", STRING, "Owner part."),
        Prop("name", STRING, "Name part."),
        Prop("url", STRING, "Canonical URL."),
        Prop("license_raw", STRING, "License keys as detected, before normalization, `;`-separated."),
        Prop("license_status", STRING, "licensed, none (checked, no license found) or unknown (not checked)."),
    ),
    _node(
        "Paper",
        "A paper cited by a model card (arXiv id or DOI).",
        Prop("url", STRING, "Canonical URL."),
    ),
)

RELATIONSHIPS: tuple[RelType, ...] = (
    RelType(
        "BASED_ON",
        "The model derives from a base model; direction derivative -> base.",
        (("Model", "Model"),),
        (Prop("relation", STRING, "finetune, adapter, merge, quantized, distill or unknown; `unknown` never replaces a known kind.", weak="unknown"), _SOURCE),
    ),
    RelType("TRAINED_ON", "The model was trained or fine-tuned on the dataset.", (("Model", "Dataset"),), (_SOURCE,)),
    RelType(
        "LICENSED_UNDER",
        "The model, repository or dataset is released under the license.",
        (("Model", "License"), ("Repository", "License"), ("Dataset", "License")),
        (Prop("raw", STRING, "The license string as declared."), _SOURCE),
    ),
    RelType("PUBLISHED_BY", "The model or dataset is published by the organization.", (("Model", "Organization"), ("Dataset", "Organization")), (_SOURCE,)),
    RelType("USES", "The repository loads the model.", (("Repository", "Model"),), (_SOURCE,)),
    RelType("CITES", "The model card (or the dataset's record) cites the paper.", (("Model", "Paper"), ("Dataset", "Paper")), (_SOURCE,)),
    RelType(
        "COMPATIBLE_INTO",
        "Work under the first license can be included in a work under the second "
        "(first = inbound/subordinate, second = outbound/leading). One edge per source.",
        (("License", "License"),),
        (
            Prop("source", STRING, "Where the verdict comes from: `osadl`, `peatmoss-lf`, `modelgo`, `curated`."),
            Prop("verdict", STRING, "yes, no, conditional, same or unknown."),
            Prop("reason", STRING, "The source's explanation."),
        ),
        key_props=("source",),
        union_props=(),
    ),
)

NODE_TYPES: dict[str, NodeType] = {n.label: n for n in NODES}
REL_TYPES: dict[str, RelType] = {r.type: r for r in RELATIONSHIPS}


def node_type(label: str) -> NodeType:
    try:
        return NODE_TYPES[label]
    except KeyError:
        raise SchemaError(f"unknown node label {label!r}; known: {', '.join(NODE_TYPES)}") from None


def rel_type(type_: str) -> RelType:
    try:
        return REL_TYPES[type_]
    except KeyError:
        raise SchemaError(f"unknown relationship type {type_!r}; known: {', '.join(REL_TYPES)}") from None


def check_endpoints(rt: RelType, from_label: str, to_label: str) -> None:
    if (from_label, to_label) not in rt.endpoints:
        pairs = ", ".join(f"{a}->{b}" for a, b in rt.endpoints)
        raise SchemaError(f"{rt.type} cannot join {from_label}->{to_label}; allowed: {pairs}")


def _check_value(where: str, prop: Prop, value: Any) -> Any:
    if value is None:
        return None
    t = prop.type
    ok = (
        (t == STRING and isinstance(value, str))
        or (t == INT and isinstance(value, int) and not isinstance(value, bool) and -(2**63) <= value < 2**63)
        or (t == FLOAT and isinstance(value, (int, float)) and not isinstance(value, bool))
        or (t == BOOL and isinstance(value, bool))
        or (t == STRINGS and isinstance(value, (list, tuple)) and all(isinstance(v, str) for v in value))
    )
    if not ok:
        raise SchemaError(f"{where}.{prop.name} must be {t}, got {type(value).__name__} {str(value)[:60]!r}")
    if t == FLOAT:
        return float(value)
    if t == STRINGS:
        return list(value)
    return value


def check_node_row(nt: NodeType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one node row against the schema; returns a clean copy."""
    props = nt.prop_map
    key = row.get("key")
    if not isinstance(key, str) or not key:
        raise SchemaError(f"{nt.label} row without a key: {dict(row)!r:.120}")
    out: dict[str, Any] = {}
    for name, value in row.items():
        prop = props.get(name)
        if prop is None:
            raise SchemaError(f"{nt.label} has no property {name!r}")
        out[name] = _check_value(f"{nt.label}[{key}]", prop, value)
    return out


def check_rel_row(rt: RelType, row: Mapping[str, Any]) -> dict[str, Any]:
    """Validate one relationship row: `from` and `to` keys plus properties."""
    for end in ("from", "to"):
        if not isinstance(row.get(end), str) or not row[end]:
            raise SchemaError(f"{rt.type} row without `{end}` key: {dict(row)!r:.120}")
    props = rt.prop_map
    out: dict[str, Any] = {"from": row["from"], "to": row["to"]}
    for name, value in row.items():
        if name in ("from", "to"):
            continue
        prop = props.get(name)
        if prop is None:
            raise SchemaError(f"{rt.type} has no property {name!r}")
        out[name] = _check_value(f"{rt.type}[{row['from']}->{row['to']}]", prop, value)
    for k in rt.key_props:
        if out.get(k) is None:
            raise SchemaError(f"{rt.type} row needs key property {k!r}")
    return out


@dataclass
class Batch:
    """Graph records produced by a loader's mapping: nodes per label, relationships per
    (type, from label, to label). Stores write a batch nodes first, then relationships."""

    nodes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    refs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)
    rels: dict[tuple[str, str, str], list[dict[str, Any]]] = field(default_factory=dict)
    # Problems with a record that was still loaded (a self-reference, an unknown license
    # string, a malformed card field that was skipped): reported, not fatal.
    notes: list[str] = field(default_factory=list)

    def node(self, label: str, **row: Any) -> None:
        """A node the source describes: its properties are set (merge on `key`)."""
        self.nodes.setdefault(label, []).append(row)

    def ref(self, label: str, key: str, **row: Any) -> None:
        """A node the source only mentions (a base model, a dataset name): created when
        missing, never overwriting what a fuller record already set."""
        self.refs.setdefault(label, {}).setdefault(key, {"key": key, **row})

    def rel(self, type_: str, from_label: str, from_key: str, to_label: str, to_key: str, **props: Any) -> None:
        self.rels.setdefault((type_, from_label, to_label), []).append({"from": from_key, "to": to_key, **props})

    def extend(self, other: "Batch") -> None:
        for label, rows in other.nodes.items():
            self.nodes.setdefault(label, []).extend(rows)
        for label, refs in other.refs.items():
            for key, row in refs.items():
                self.refs.setdefault(label, {}).setdefault(key, row)
        self.notes.extend(other.notes)
        for k, rows in other.rels.items():
            self.rels.setdefault(k, []).extend(rows)

    def __len__(self) -> int:
        return sum(map(len, self.nodes.values())) + sum(map(len, self.refs.values())) + sum(map(len, self.rels.values()))

    def clear(self) -> None:
        self.nodes.clear()
        self.refs.clear()
        self.rels.clear()
        self.notes.clear()


def merge_rows(rows: Iterable[dict[str, Any]], key_fields: tuple[str, ...], union: tuple[str, ...] = ("source",)) -> list[dict[str, Any]]:
    """Collapse rows that name the same record within one batch, later values winning and
    union properties accumulating, so a store never sees the same key twice in one write."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in rows:
        k = tuple(row[f] for f in key_fields)
        prev = merged.get(k)
        if prev is None:
            merged[k] = dict(row)
            continue
        for name, value in row.items():
            if name in union and value is not None and prev.get(name) is not None:
                prev[name] = prev[name] + [v for v in value if v not in prev[name]]
            elif value is not None or name not in prev:
                prev[name] = value
    return list(merged.values())
