"""GraphML export through networkx, for Gephi, yEd, Cytoscape and networkx itself.

The graph is a networkx MultiDiGraph (COMPATIBLE_INTO has one edge per source between the
same two licenses), built in memory from the same reader as the RDF export and written
with `networkx.write_graphml`. GraphML attributes are scalars, so:
- node ids are `Label:key` (keys alone collide across labels: a GitHub repository and a
  Hugging Face model may both be `owner/name`), with characters XML cannot carry and `%`
  percent-encoded so ids stay unique (`Model:a%EF%BF%BFb`); the key itself is kept
  (XML-safe) in the `key` attribute;
- each node has `type` (its label) and `label` (its id as spelled, which Gephi shows),
  plus its properties; the `id` property becomes `label`, the key stays as `key`;
- each edge has `type` (the relationship type) plus its properties; its GraphML id is
  the type (and, for COMPATIBLE_INTO, `:source`);
- list properties (`source`, `aliases`, `languages`) are joined with `;` (`LIST_SEPARATOR`);
  empty lists and None are dropped (GraphML has no null);
- integers are written as `long`, booleans as `boolean`;
- strings are made XML 1.0-safe: characters XML cannot carry (C0 controls other than tab,
  LF and CR, U+FFFE, U+FFFF, lone surrogates) become U+FFFD, and CR / CRLF become LF,
  which is what any XML parser would read anyway.
"""

from __future__ import annotations

import re
from typing import IO, Any, Iterable

from ptmkg.export.reader import DEFAULT_PAGE, Chunk, iter_graph, iter_selection, neighbourhood

LIST_SEPARATOR = ";"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _NOT_XML.sub("\ufffd", text)


def scalar(value: Any) -> Any:
    """A GraphML-able value, or None to drop the attribute."""
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        items = [xml_safe(str(v)) for v in value if v is not None]
        return LIST_SEPARATOR.join(items) if items else None
    if isinstance(value, str):
        return xml_safe(value)
    if isinstance(value, (bool, int, float)):
        return value
    return xml_safe(str(value))


_ID_ESCAPE = re.compile("[%\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def _escape_id(text: str) -> str:
    # Ids must stay unique, so XML-invalid characters are percent-encoded (and `%` itself),
    # not replaced.
    return _ID_ESCAPE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group(0).encode("utf-8", "surrogatepass")), text)


def node_id(label: str, key: str) -> str:
    """`Label:key`, with characters XML cannot carry (and `%`) percent-encoded."""
    return f"{label}:{_escape_id(key)}"


def _attrs(row: dict[str, Any], skip: tuple[str, ...] = ()) -> dict[str, Any]:
    out = {}
    for name, value in row.items():
        if name in skip:
            continue
        v = scalar(value)
        if v is not None:
            out[name] = v
    return out


def build_graph(chunks: Iterable[Chunk]):  # type: ignore[no-untyped-def]
    """A networkx MultiDiGraph of the chunks' nodes and relationships."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for chunk in chunks:
        for row in chunk.nodes:
            attrs = _attrs(row, skip=("id",))
            attrs["type"] = chunk.label
            attrs["label"] = scalar(row.get("id")) or scalar(row["key"])
            g.add_node(node_id(chunk.label, row["key"]), **attrs)
        for (type_, a, b), rows in chunk.edges:
            for row in rows:
                # a_key / b_*: endpoint columns of the reader, not edge properties
                attrs = _attrs({k: v for k, v in row.items() if not k.startswith(("a_", "b_"))})
                attrs["type"] = type_
                key = type_ if type_ != "COMPATIBLE_INTO" else f"{type_}:{_escape_id(str(row.get('source')))}"
                g.add_edge(node_id(a, row["a_key"]), node_id(b, row["b_key"]), key=key, **attrs)
    return g


def export_graphml(store: Any, out: IO[bytes], model_key: str | None = None, depth: int | None = 2,
                   page: int = DEFAULT_PAGE):  # type: ignore[no-untyped-def]
    """Write the whole graph, or a model's neighbourhood, as GraphML; returns the graph."""
    import networkx as nx

    chunks = iter_graph(store, page) if model_key is None else iter_selection(store, neighbourhood(store, model_key, depth), page)
    g = build_graph(chunks)
    nx.write_graphml(g, out, encoding="utf-8", prettyprint=True)
    return g
