"""Reading the graph for an export: the whole graph in keyset-paginated chunks, or one
model's lineage neighbourhood.

Whole graph: for every label, pages of nodes ordered by key (keyset pagination:
`WHERE n.key > $after ORDER BY n.key LIMIT $page`); with each page come the outgoing
relationships of exactly those nodes, sorted by target key. Memory is one page of nodes
plus their outgoing edges, whatever the graph's size (see iter_label_pages for how each
engine fetches a page, and benchmarks/rdf_export.py for the figures).

Neighbourhood: models within `depth` BASED_ON hops up and down (breadth-first, one query
per hop and direction, so merge DAGs never enumerate paths), plus each model's datasets,
licenses, papers, organizations and the repositories using it, plus the licenses of those
repositories and datasets; relationships are those among the selected nodes.

Only schema labels, relationship types and property names are spliced into the Cypher
text; keys, pages and bounds travel as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterator

from ptmkg.export.iris import IRI_PROPS
from ptmkg.graph import schema as S

DEFAULT_PAGE = 5000

# (type, from label, to label) of every relationship, grouped by the source label.
EDGE_KINDS: list[tuple[str, str, str]] = [(rt.type, a, b) for rt in S.RELATIONSHIPS for a, b in rt.endpoints]


@dataclass
class Chunk:
    """Nodes of one label and the relationships leaving them (per (type, from, to))."""

    label: str
    nodes: list[dict[str, Any]]
    edges: list[tuple[tuple[str, str, str], list[dict[str, Any]]]] = field(default_factory=list)


def node_columns(label: str) -> str:
    return ", ".join(f"n.{p.name} AS {p.name}" for p in S.node_type(label).props)


def edge_columns(type_: str, to_label: str) -> str:
    cols = ["x.key AS a_key"] + [f"y.{p} AS b_{p}" for p in IRI_PROPS[to_label]]
    cols += [f"r.{p.name} AS {p.name}" for p in S.rel_type(type_).props]
    return ", ".join(cols)


def _edge_sort_key(row: dict[str, Any]) -> tuple:
    return (row["a_key"], row["b_key"], str(row.get("source")))


def iter_label_pages(store: Any, label: str, page: int = DEFAULT_PAGE, with_edges: bool = True) -> Iterator[Chunk]:
    """Every node of a label, a page at a time, each page with its outgoing edges.

    A page is found by its keys (`WHERE n.key > $after RETURN n.key ORDER BY n.key LIMIT
    $page`; sorting the key column alone is several times faster on LadybugDB than
    sorting whole rows), then its nodes and their relationships are fetched:
    - LadybugDB: by the key range `(after, last]`, a scan of the key column that is
      faster there than per-key lookups (its comparisons and ORDER BY agree: bytes);
    - Neo4j: by the page's key list (`UNWIND $keys ... {key: k}`, index lookups). A range
      would lose nodes: its key index and ORDER BY use code-point order, while a
      two-sided range predicate is evaluated in UTF-16 order, which differs for keys
      holding characters above U+FFFF and in U+E000-U+FFFF.
    (`SKIP $page-1 LIMIT 1` would fetch only the last key, but LadybugDB 0.22 crashes
    when such a SKIP passes the end of a large result.)"""
    S.node_type(label)
    cols = node_columns(label)
    by_list = store.dialect == "neo4j"
    q_keys = f"MATCH (n:{label}) WHERE n.key > $after RETURN n.key AS key ORDER BY n.key LIMIT $page"
    if by_list:
        q_nodes = f"UNWIND $keys AS k MATCH (n:{label} {{key: k}}) RETURN {cols}"
        src = "UNWIND $keys AS k MATCH (x:{a} {{key: k}})-[r:{t}]->(y:{b})"
    else:
        q_nodes = f"MATCH (n:{label}) WHERE n.key > $after AND n.key <= $last RETURN {cols}"
        src = "MATCH (x:{a})-[r:{t}]->(y:{b}) WHERE x.key > $after AND x.key <= $last"
    kinds = [k for k in EDGE_KINDS if k[1] == label] if with_edges else []
    q_edges = {k: src.format(t=k[0], a=k[1], b=k[2]) + f" RETURN {edge_columns(k[0], k[2])}" for k in kinds}
    after = ""
    while True:
        found = store.run(q_keys, {"after": after, "page": page})
        if not found:
            return
        keys = [r["key"] for r in found]
        params = {"keys": keys} if by_list else {"after": after, "last": keys[-1]}
        rows = store.run(q_nodes, params)
        rows.sort(key=lambda r: r["key"])
        chunk = Chunk(label, rows)
        for k in kinds:
            edges = store.run(q_edges[k], params)
            edges.sort(key=_edge_sort_key)
            chunk.edges.append((k, edges))
        yield chunk
        if len(keys) < page:
            return
        after = keys[-1]


def iter_graph(store: Any, page: int = DEFAULT_PAGE) -> Iterator[Chunk]:
    """The whole graph, label after label (schema order)."""
    for nt in S.NODES:
        yield from iter_label_pages(store, nt.label, page)


# -- a model's neighbourhood ----------------------------------------------------------------
def lineage_keys(store: Any, model_key: str, depth: int | None) -> set[str]:
    """The model and every model within `depth` hops up or down (None: no limit)."""
    selected = {model_key}
    for direction in ("up", "down"):
        pattern = "(m:Model {key: k})-[:BASED_ON]->(o:Model)" if direction == "up" else "(m:Model {key: k})<-[:BASED_ON]-(o:Model)"
        q = f"UNWIND $keys AS k MATCH {pattern} RETURN DISTINCT o.key AS key"
        seen, frontier, hops = {model_key}, [model_key], 0
        while frontier and (depth is None or hops < depth):
            found = {r["key"] for r in store.run(q, {"keys": frontier})} - seen
            seen |= found
            frontier = sorted(found)
            hops += 1
        selected |= seen
    return selected


def _targets(store: Any, type_: str, from_label: str, to_label: str, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    q = f"UNWIND $keys AS k MATCH (x:{from_label} {{key: k}})-[:{type_}]->(y:{to_label}) RETURN DISTINCT y.key AS key"
    return {r["key"] for r in store.run(q, {"keys": keys})}


def _sources(store: Any, type_: str, from_label: str, to_label: str, keys: list[str]) -> set[str]:
    if not keys:
        return set()
    q = f"UNWIND $keys AS k MATCH (x:{from_label})-[:{type_}]->(y:{to_label} {{key: k}}) RETURN DISTINCT x.key AS key"
    return {r["key"] for r in store.run(q, {"keys": keys})}


def neighbourhood(store: Any, model_key: str, depth: int | None) -> dict[str, set[str]]:
    """Keys per label of a model's lineage neighbourhood (see the module doc)."""
    models = sorted(lineage_keys(store, model_key, depth))
    sel: dict[str, set[str]] = {nt.label: set() for nt in S.NODES}
    sel["Model"] = set(models)
    for type_, a, b in EDGE_KINDS:
        if a == "Model" and b != "Model":
            sel[b] |= _targets(store, type_, a, b, models)
    sel["Repository"] |= _sources(store, "USES", "Repository", "Model", models)
    for label in ("Repository", "Dataset"):
        sel["License"] |= _targets(store, "LICENSED_UNDER", label, "License", sorted(sel[label]))
    return sel


def iter_selection(store: Any, selected: dict[str, set[str]], page: int = DEFAULT_PAGE) -> Iterator[Chunk]:
    """The selected nodes, label by label, with the relationships among them."""
    for nt in S.NODES:
        keys = sorted(selected.get(nt.label, ()))
        kinds = [k for k in EDGE_KINDS if k[1] == nt.label]
        q_nodes = f"UNWIND $keys AS k MATCH (n:{nt.label} {{key: k}}) RETURN {node_columns(nt.label)}"
        for i in range(0, len(keys), page):
            part = keys[i : i + page]
            rows = sorted(store.run(q_nodes, {"keys": part}), key=lambda r: r["key"])
            chunk = Chunk(nt.label, rows)
            for k in kinds:
                q = f"UNWIND $keys AS k MATCH (x:{k[1]} {{key: k}})-[r:{k[0]}]->(y:{k[2]}) RETURN {edge_columns(k[0], k[2])}"
                wanted = selected.get(k[2], set())
                found = [r for r in store.run(q, {"keys": part}) if r["b_key"] in wanted]
                found.sort(key=_edge_sort_key)
                chunk.edges.append((k, found))
            yield chunk
