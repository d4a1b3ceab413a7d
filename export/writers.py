"""Writing triples: a streaming N-Triples writer, pyoxigraph and rdflib adapters.

A triple is a plain tuple `(subject, predicate, object, datatype)` of strings: subject and
predicate are IRIs; the object is an IRI when `datatype` is None, else the lexical form of
a literal of that datatype (`XSD_STRING` for a plain string). The mapping produces these
tuples once; each writer turns them into its own terms.

The N-Triples writer is the canonical form of RDF 1.1 N-Triples: literals escape `"`,
`\\`, and the control characters (`\\b \\t \\n \\f \\r` as ECHAR, other C0 characters and
DEL as `\\u00XX`); every other character, non-ASCII included, is written as UTF-8. IRIs are
written as given: the mapping only produces valid ones (see iris.py).
"""

from __future__ import annotations

from typing import IO, Iterable, Iterator

from ptmkg.export.terms import XSD_STRING

Triple = tuple[str, str, str, "str | None"]

_ESCAPES = {0x22: '\\"', 0x5C: "\\\\", 0x0A: "\\n", 0x0D: "\\r", 0x09: "\\t", 0x08: "\\b", 0x0C: "\\f"}
_TABLE = {c: _ESCAPES.get(c, f"\\u{c:04X}") for c in [*range(0x20), 0x22, 0x5C, 0x7F]}


def escape_literal(value: str) -> str:
    """The body of an N-Triples string literal (without the quotes)."""
    return value.translate(_TABLE)


def nt_line(t: Triple) -> str:
    s, p, o, dt = t
    if dt is None:
        return f"<{s}> <{p}> <{o}> .\n"
    if dt == XSD_STRING:
        return f'<{s}> <{p}> "{o.translate(_TABLE)}" .\n'
    return f'<{s}> <{p}> "{o.translate(_TABLE)}"^^<{dt}> .\n'


class NTriplesWriter:
    """Writes triples to a text stream in N-Triples, buffering a few thousand lines."""

    def __init__(self, out: IO[str], flush_every: int = 4096) -> None:
        self.out = out
        self.count = 0
        self._buf: list[str] = []
        self._flush_every = flush_every

    def write(self, triples: Iterable[Triple]) -> None:
        buf = self._buf
        table = _TABLE
        n = 0
        for s, p, o, dt in triples:
            if dt is None:
                buf.append(f"<{s}> <{p}> <{o}> .\n")
            elif dt == XSD_STRING:
                buf.append(f'<{s}> <{p}> "{o.translate(table)}" .\n')
            else:
                buf.append(f'<{s}> <{p}> "{o.translate(table)}"^^<{dt}> .\n')
            n += 1
            if len(buf) >= self._flush_every:
                self.out.write("".join(buf))
                buf.clear()
        self.count += n

    def flush(self) -> None:
        if self._buf:
            self.out.write("".join(self._buf))
            self._buf.clear()
        self.out.flush()


def to_oxigraph(triples: Iterable[Triple]) -> Iterator["object"]:
    """pyoxigraph `Triple`s for `pyoxigraph.serialize` or a `Store` (predicates and
    datatypes are cached: there are few of them)."""
    from pyoxigraph import Literal, NamedNode, Triple as OxTriple

    names: dict[str, NamedNode] = {}

    def name(iri: str) -> NamedNode:
        n = names.get(iri)
        if n is None:
            n = names[iri] = NamedNode(iri)
        return n

    for s, p, o, dt in triples:
        if dt is None:
            obj = NamedNode(o)
        elif dt == XSD_STRING:
            obj = Literal(o)
        else:
            obj = Literal(o, datatype=name(dt))
        yield OxTriple(NamedNode(s), name(p), obj)


def to_rdflib(triples: Iterable[Triple], graph=None):  # type: ignore[no-untyped-def]
    """Add triples to an rdflib Graph (a new one unless given); returns it."""
    from rdflib import Graph, Literal, URIRef

    from ptmkg.export.terms import PREFIXES

    if graph is None:
        graph = Graph(bind_namespaces="none")
        for prefix, ns in PREFIXES.items():
            graph.bind(prefix, ns, override=True, replace=True)
    for s, p, o, dt in triples:
        if dt is None:
            obj = URIRef(o)
        elif dt == XSD_STRING:
            obj = Literal(o)
        else:
            obj = Literal(o, datatype=URIRef(dt))
        graph.add((URIRef(s), URIRef(p), obj))
    return graph
