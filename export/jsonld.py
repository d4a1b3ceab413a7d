"""A streaming JSON-LD writer: one document `{"@context": ..., "@graph": [...]}` whose
node objects are written as the triples arrive (consecutive triples about the same subject
form one node object; a subject met again later gets another node object with the same
`@id`, which JSON-LD merges). Keys and types are compact IRIs under the shipped context's
prefixes; IRI values are `{"@id": ...}`, typed literals `{"@value": ..., "@type": ...}`,
plain strings bare. Memory: one node object."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import IO, Any, Iterable

from ptmkg.export.terms import PREFIXES, RDF_TYPE, XSD_STRING
from ptmkg.export.writers import Triple


@lru_cache(maxsize=1)
def context() -> dict[str, Any]:
    """The JSON-LD context shipped in the package (`vocab/context.jsonld`)."""
    text = (resources.files("ptmkg.export") / "vocab" / "context.jsonld").read_text(encoding="utf-8")
    return json.loads(text)["@context"]


_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=512)
def compact(iri: str) -> str:
    """`prefix:local` when the IRI is in one of the prefixes' namespaces (used for keys and
    types, which are vocabulary terms); the IRI itself otherwise."""
    for prefix, ns in _BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns) and not iri[len(ns):].startswith("//"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


class JsonLdWriter:
    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self.count = 0
        self._subject: str | None = None
        self._node: dict[str, Any] = {}
        self._first = True
        out.write('{"@context": ')
        out.write(json.dumps(context(), ensure_ascii=False))
        out.write(',\n "@graph": [\n')

    def write(self, triples: Iterable[Triple]) -> None:
        n = 0
        for s, p, o, dt in triples:
            n += 1
            if s != self._subject:
                self._emit()
                self._subject = s
                self._node = {"@id": s}
            if p == RDF_TYPE and dt is None:
                self._node.setdefault("@type", []).append(compact(o))
                continue
            if dt is None:
                value: Any = {"@id": o}
            elif dt == XSD_STRING:
                value = o
            else:
                value = {"@value": o, "@type": compact(dt)}
            self._node.setdefault(compact(p), []).append(value)
        self.count += n

    def _emit(self) -> None:
        if self._subject is None:
            return
        self.out.write(("  " if self._first else ",\n  ") + json.dumps(self._node, ensure_ascii=False))
        self._first = False
        self._subject = None

    def flush(self) -> None:
        """Close the document (call once, at the end)."""
        self._emit()
        self.out.write("\n]}\n")
        self.out.flush()
