"""Cypher query packs: `queries/<pack>/<name>.cypher`, one question per file.

Each file starts with a header of `//` comment lines:

    // Question: Every ancestor of a model, how far up it is and through which relations.
    // Param: model_id (model) = "mlabonne/NeuralDaredevil-8B-abliterated" -- the model to trace
    // Param: max_depth (int) = 5 -- optional: hops to follow [default 50]
    // Returns: id, depth, relation, path

Parameter types: string, int, float, bool, and the entity types model, dataset,
repository and license, whose values are looked up in the graph (case-insensitively,
also through aliases) and passed on as the entity's key. An entity that is not in the
graph is an error, never an empty answer.

Where LadybugDB needs other syntax or a faster plan, `<name>.ladybug.cypher` beside the
file holds that dialect's text (header not repeated); tests prove both give equal rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING, Any, Mapping

from ptmkg.errors import NotInGraph, ParameterError, UnknownQuery
from ptmkg.graph.identity import entity_key

if TYPE_CHECKING:
    from ptmkg.graph.store import Store

DIALECTS = ("neo4j", "ladybug")
ENTITY_TYPES = {"model": "Model", "dataset": "Dataset", "repository": "Repository", "license": "License"}
SCALAR_TYPES = ("string", "int", "float", "bool")

_PARAM = re.compile(
    r"^(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<type>[a-z]+)\)\s*=\s*(?P<example>.+?)\s*--\s*(?P<doc>.*?)\s*(?:\[default\s+(?P<default>[^\]]*)\])?\s*$"
)
_USED = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    example: str
    doc: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    def convert(self, raw: Any) -> Any:
        """A CLI/form string (or a Python value) to the parameter's type."""
        if not isinstance(raw, str):
            return raw
        try:
            if self.type == "int":
                return int(raw)
            if self.type == "float":
                return float(raw)
            if self.type == "bool":
                low = raw.strip().lower()
                if low in ("true", "yes", "1"):
                    return True
                if low in ("false", "no", "0"):
                    return False
                raise ValueError(raw)
        except ValueError:
            raise ParameterError(f"parameter {self.name} must be {self.type}, got {raw!r}") from None
        return raw


@dataclass(frozen=True)
class NamedQuery:
    pack: str
    name: str
    question: str
    params: tuple[Param, ...]
    returns: tuple[str, ...]
    texts: Mapping[str, str] = field(default_factory=dict)  # "cypher" plus dialect variants
    notes: str = ""

    @property
    def full_name(self) -> str:
        return f"{self.pack}/{self.name}"

    def text_for(self, dialect: str) -> str:
        return self.texts.get(dialect, self.texts["cypher"])

    def has_variant(self, dialect: str) -> bool:
        return dialect in self.texts

    def bind(self, given: Mapping[str, Any], store: "Store | None" = None) -> dict[str, Any]:
        """Check and convert parameters. Entity parameters become keys: looked up in the
        store when one is given (an unknown entity is an error), else just normalized."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(given) - set(known))
        if unknown:
            raise ParameterError(
                f"{self.full_name} has no parameter {', '.join(unknown)}; it takes: {', '.join(known) or 'none'}"
            )
        out: dict[str, Any] = {}
        for p in self.params:
            if p.name in given and given[p.name] not in (None, ""):
                value = p.convert(given[p.name])
            elif p.default is not None:
                value = p.convert(p.default)
            else:
                raise ParameterError(
                    f"{self.full_name} needs parameter {p.name} ({p.type}), e.g. --param {p.name}={p.example.strip(chr(34))}"
                )
            if p.type in ENTITY_TYPES:
                label = ENTITY_TYPES[p.type]
                value = resolve_entity(store, label, str(value)) if store is not None else entity_key(label, str(value))
            out[p.name] = value
        return out


def resolve_entity(store: "Store", label: str, given: str) -> str:
    """The key of the entity a user named: exact key, then (models) an alias."""
    key = entity_key(label, given)
    if store.has_node(label, key):
        return key
    if label == "Model":
        found = store.run("MATCH (m:Model) WHERE $alias IN m.aliases RETURN m.key AS key, m.id AS id", {"alias": key})
        if len(found) == 1:
            return found[0]["key"]
        if len(found) > 1:
            ids = ", ".join(sorted(r["id"] for r in found))
            raise NotInGraph(f"model {given!r} is ambiguous: it is an alias of {ids}")
    raise NotInGraph(f"{label.lower()} {given!r} is not in the graph ({store.describe()})")


def parse_query_file(pack: str, name: str, text: str) -> NamedQuery:
    question, returns, notes = "", (), []
    params: list[Param] = []
    body_start = 0
    lines = text.splitlines()
    for i, line in enumerate(lines):
        s = line.strip()
        if not s.startswith("//"):
            body_start = i
            break
        s = s[2:].strip()
        key, _, value = s.partition(":")
        key = key.strip().lower()
        if key == "question":
            question = value.strip()
        elif key == "param":
            m = _PARAM.match(value.strip())
            if not m:
                raise ValueError(f"{pack}/{name}: cannot read parameter line {value.strip()!r}")
            ptype = m["type"]
            if ptype not in SCALAR_TYPES and ptype not in ENTITY_TYPES:
                raise ValueError(f"{pack}/{name}: unknown parameter type {ptype!r}")
            params.append(Param(m["name"], ptype, m["example"], m["doc"], m["default"]))
        elif key == "returns":
            returns = tuple(c.strip() for c in value.split(",") if c.strip())
        elif s:
            notes.append(s)
    else:
        body_start = len(lines)
    if not question or not returns:
        raise ValueError(f"{pack}/{name}: header needs Question: and Returns: lines")
    body = "\n".join(lines[body_start:]).strip()
    return NamedQuery(pack, name, question, tuple(params), returns, {"cypher": body}, " ".join(notes))


def used_parameters(text: str) -> set[str]:
    """Parameters a Cypher text uses (comments and string literals ignored)."""
    stripped = re.sub(r"//[^\n]*", "", text)
    stripped = re.sub(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"", "''", stripped)
    return set(_USED.findall(stripped))


@lru_cache(maxsize=1)
def load_packs() -> dict[str, NamedQuery]:
    """Every query of every pack shipped in this folder, by `pack/name`."""
    found: dict[str, NamedQuery] = {}
    root = resources.files(__name__)
    for pack_dir in sorted(root.iterdir(), key=lambda p: p.name):
        if not pack_dir.is_dir() or pack_dir.name.startswith(("_", ".")):
            continue
        files = {f.name: f for f in pack_dir.iterdir() if f.name.endswith(".cypher")}
        for fname in sorted(files):
            stem = fname[: -len(".cypher")]
            if "." in stem:
                continue  # a dialect variant, read with its main file
            q = parse_query_file(pack_dir.name, stem, files[fname].read_text(encoding="utf-8"))
            texts = dict(q.texts)
            for dialect in DIALECTS:
                variant = files.get(f"{stem}.{dialect}.cypher")
                if variant is not None:
                    texts[dialect] = _strip_header(variant.read_text(encoding="utf-8"))
            found[q.full_name] = NamedQuery(q.pack, q.name, q.question, q.params, q.returns, texts, q.notes)
    return found


def _strip_header(text: str) -> str:
    lines = text.splitlines()
    i = 0
    while i < len(lines) and lines[i].strip().startswith("//"):
        i += 1
    return "\n".join(lines[i:]).strip()


def get_query(name: str) -> NamedQuery:
    packs = load_packs()
    if name in packs:
        return packs[name]
    near = [n for n in packs if name.split("/")[-1] in n]
    hint = f"; did you mean {', '.join(near[:5])}?" if near else "; `ptmkg query list` shows them all"
    raise UnknownQuery(f"no query named {name!r}{hint}")
