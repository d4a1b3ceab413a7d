"""The store interface: one API over the embedded store (LadybugDB) and Neo4j.

A store is chosen by one URI (`embedded:PATH`, `bolt://...`, `neo4j://...`); see
`open_store`. The base class holds what both stores share (validation against the schema,
batching, collapsing duplicate rows within a batch); a backend implements the few
primitives that really differ between the engines. A feature one engine lacks is declared
in `capabilities` and raises `UnsupportedFeature`, never a stub.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Mapping
from urllib.parse import parse_qs, urlsplit

from ptmkg.errors import StoreURIError, UnsupportedFeature
from ptmkg.graph import schema as S
from ptmkg.paths import default_embedded_path

DEFAULT_BATCH_SIZE = 5000

# Capability names a store may declare.
CAP_BULK_COPY = "bulk-copy"  # engine bulk path (COPY FROM) into empty tables
CAP_BROWSER = "neo4j-browser"  # users can explore the same graph in Neo4j Browser
CAP_CLUSTER_ROUTING = "cluster-routing"  # neo4j:// URIs route reads and writes across a cluster
CAP_TRANSACTIONS_IN_BATCHES = "batched-transactions"  # CALL {...} IN TRANSACTIONS


@dataclass(frozen=True)
class StoreURI:
    scheme: str  # "embedded" or a Neo4j scheme
    path: str = ""  # embedded database file
    address: str = ""  # host:port for Neo4j
    database: str | None = None
    raw: str = ""

    @property
    def is_embedded(self) -> bool:
        return self.scheme == "embedded"

    def display(self) -> str:
        """The URI as it is safe to print (Neo4j credentials are never part of it)."""
        if self.is_embedded:
            return f"embedded:{self.path}"
        db = f"?database={self.database}" if self.database else ""
        return f"{self.scheme}://{self.address}{db}"


NEO4J_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


def parse_store_uri(uri: str | None) -> StoreURI:
    """Parse a store URI; `None` or empty means `PTMKG_STORE`, else the embedded default."""
    uri = (uri or os.environ.get("PTMKG_STORE") or "").strip()
    if not uri:
        return StoreURI("embedded", path=str(default_embedded_path()), raw="")
    if uri.startswith("embedded:"):
        path = uri[len("embedded:") :]
        if path.startswith("//"):
            path = path[2:]
        if not path:
            raise StoreURIError("embedded store URI needs a path: embedded:PATH (for example embedded:./graph.lbdb)")
        return StoreURI("embedded", path=os.path.abspath(os.path.expanduser(path)), raw=uri)
    parts = urlsplit(uri)
    if parts.scheme not in NEO4J_SCHEMES:
        raise StoreURIError(
            f"unknown store URI {uri!r}: use embedded:PATH or a Neo4j URI "
            f"({', '.join(s + '://' for s in NEO4J_SCHEMES)})"
        )
    if parts.username or parts.password:
        raise StoreURIError("do not put credentials in the store URI; set NEO4J_USER and NEO4J_PASSWORD")
    if not parts.hostname:
        raise StoreURIError(f"Neo4j URI {uri!r} has no host (for example bolt://127.0.0.1:7687)")
    try:
        port = parts.port or 7687
    except ValueError:
        raise StoreURIError(f"Neo4j URI {uri!r} has an invalid port") from None
    query = parse_qs(parts.query)
    database = query.get("database", [None])[0] or (parts.path.strip("/") or None)
    return StoreURI(parts.scheme, address=f"{parts.hostname}:{port}", database=database, raw=uri)


def open_store(uri: str | None = None, **options: Any) -> "Store":
    """Open the store a URI names (see `parse_store_uri`)."""
    parsed = parse_store_uri(uri)
    if parsed.is_embedded:
        from ptmkg.graph.ladybug_store import LadybugStore

        return LadybugStore(parsed, **options)
    from ptmkg.graph.neo4j_store import Neo4jStore

    return Neo4jStore(parsed, **options)


def chunks(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    buf: list[Any] = []
    for row in rows:
        buf.append(row)
        if len(buf) >= size:
            yield buf
            buf = []
    if buf:
        yield buf


@dataclass
class WriteStats:
    nodes: int = 0
    refs: int = 0
    rels: int = 0

    def __iadd__(self, other: "WriteStats") -> "WriteStats":
        self.nodes += other.nodes
        self.refs += other.refs
        self.rels += other.rels
        return self


class Store(ABC):
    """A graph store holding the ptmkg schema."""

    #: which dialect variant of a query pack runs here ("neo4j" or "ladybug")
    dialect: str = ""
    #: features this engine has; see the CAP_* names
    capabilities: frozenset[str] = frozenset()

    def __init__(self, uri: StoreURI, batch_size: int = DEFAULT_BATCH_SIZE) -> None:
        self.uri = uri
        self.batch_size = batch_size
        #: seconds a query may run before the engine stops it (QueryFailed); None: no limit
        self.timeout: float | None = None

    # -- lifecycle -----------------------------------------------------------------
    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @abstractmethod
    def close(self) -> None: ...

    def describe(self) -> str:
        return f"{self.dialect} store at {self.uri.display()}"

    def require(self, capability: str) -> None:
        if capability not in self.capabilities:
            raise UnsupportedFeature(
                f"the {self.dialect} store does not offer {capability!r} "
                f"(it offers: {', '.join(sorted(self.capabilities)) or 'nothing extra'})"
            )

    # -- schema --------------------------------------------------------------------
    @abstractmethod
    def apply_schema(self) -> None:
        """Create tables, constraints and indexes; safe to run any number of times."""

    # -- writes --------------------------------------------------------------------
    def write(self, batch: S.Batch, checked: bool = False) -> WriteStats:
        """Write one loader batch: mentioned nodes, described nodes, then relationships.
        `checked` says the rows were already validated against the schema."""
        stats = WriteStats()
        for label, refs in batch.refs.items():
            described = {r["key"] for r in batch.nodes.get(label, ())}
            stats.refs += self.reference_nodes(label, (r for k, r in refs.items() if k not in described), checked)
        for label, rows in batch.nodes.items():
            stats.nodes += self.upsert_nodes(label, rows, checked)
        for (type_, a, b), rows in batch.rels.items():
            stats.rels += self.upsert_relationships(type_, a, b, rows, checked)
        return stats

    def upsert_nodes(self, label: str, rows: Iterable[Mapping[str, Any]], checked: bool = False) -> int:
        """Merge nodes on `key` and set the properties each row gives. A missing or null
        value leaves the stored one alone (no source erases what another said); list
        properties `source` and `aliases` accumulate. Returns rows written."""
        nt = S.node_type(label)
        check = _trusted if checked else S.check_node_row
        n = 0
        for chunk in chunks(rows, self.batch_size):
            clean = S.merge_rows((check(nt, r) for r in chunk), ("key",), nt.union_props)
            for names, group in _group_by_columns(clean):
                self._write_nodes(nt, names, group)
                n += len(group)
        return n

    def reference_nodes(self, label: str, rows: Iterable[Mapping[str, Any]], checked: bool = False) -> int:
        """Create nodes that are only mentioned, when missing; never overwrite."""
        nt = S.node_type(label)
        check = _trusted if checked else S.check_node_row
        n = 0
        for chunk in chunks(rows, self.batch_size):
            clean = S.merge_rows((check(nt, r) for r in chunk), ("key",), ())
            for names, group in _group_by_columns(clean):
                self._write_refs(nt, names, group)
                n += len(group)
        return n

    def upsert_relationships(
        self, type_: str, from_label: str, to_label: str, rows: Iterable[Mapping[str, Any]], checked: bool = False
    ) -> int:
        """Merge relationships between existing nodes (named by key). Returns how many were
        written; rows whose endpoints are missing are not written and not counted."""
        rt = S.rel_type(type_)
        S.check_endpoints(rt, from_label, to_label)
        check = _trusted if checked else S.check_rel_row
        n = 0
        for chunk in chunks(rows, self.batch_size):
            clean = S.merge_rows((check(rt, r) for r in chunk), ("from", "to") + rt.key_props, rt.union_props)
            for names, group in _group_by_columns(clean):
                n += self._write_rels(rt, from_label, to_label, names, group)
        return n

    def bulk_load_nodes(self, label: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """The large-load path: the engine's bulk loader when the label holds nothing yet,
        the batch path otherwise. Same resulting graph as `upsert_nodes`."""
        return self.upsert_nodes(label, rows)

    def bulk_load_relationships(self, type_: str, from_label: str, to_label: str, rows: Iterable[Mapping[str, Any]]) -> int:
        """The large-load path for relationships; same result as `upsert_relationships`."""
        return self.upsert_relationships(type_, from_label, to_label, rows)

    @abstractmethod
    def retract_sources(self, type_: str, from_label: str, from_keys: list[str], sources: list[str]) -> int:
        """Forget what the given sources said about the outgoing `type_` relationships of
        these nodes: drop those entries from `source`, and delete relationships no source
        vouches for any more. A loader calls it before rewriting a record, so that an edge
        that disappeared from a newer snapshot disappears from the graph. Returns deletions."""

    @abstractmethod
    def _write_nodes(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None: ...

    @abstractmethod
    def _write_refs(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None: ...

    @abstractmethod
    def _write_rels(self, rt: S.RelType, a: str, b: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> int: ...

    # -- reads ---------------------------------------------------------------------
    @abstractmethod
    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run Cypher with parameters; rows as dicts of plain Python values."""

    def run_query(self, name: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        """Run a named query from the packs, in this store's dialect."""
        from ptmkg.queries import get_query

        q = get_query(name)
        return self.run(q.text_for(self.dialect), q.bind(params or {}, self))

    def counts(self) -> dict[str, dict[str, int]]:
        """Node count per label and relationship count per type, every schema name listed."""
        nodes = {nt.label: self._count_label(nt.label) for nt in S.NODES}
        rels = {rt.type: self._count_type(rt.type) for rt in S.RELATIONSHIPS}
        return {"nodes": nodes, "relationships": rels}

    def has_node(self, label: str, key: str) -> bool:
        S.node_type(label)
        rows = self.run(f"MATCH (n:{label} {{key: $key}}) RETURN n.id AS id", {"key": key})
        return bool(rows)

    @abstractmethod
    def _count_label(self, label: str) -> int: ...

    @abstractmethod
    def _count_type(self, type_: str) -> int: ...

    @abstractmethod
    def clear(self) -> None:
        """Delete every node and relationship; the schema stays."""


def _trusted(_: Any, row: Mapping[str, Any]) -> Mapping[str, Any]:
    return row


def _group_by_columns(rows: list[dict[str, Any]]) -> Iterator[tuple[tuple[str, ...], list[dict[str, Any]]]]:
    """One statement for a whole chunk: its columns are every property some row sets; a
    row that lacks one passes null, and null never overwrites a stored value."""
    if not rows:
        return
    names: dict[str, None] = {}
    for row in rows:
        names.update(dict.fromkeys(row))
    yield tuple(sorted(names)), rows
