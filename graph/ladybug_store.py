"""The embedded store: LadybugDB (PyPI `ladybug`, the maintained fork of Kùzu).

Measured choices (see ../shared/EMBEDDED.md and benchmarks/store_write.py):
- Writes go through `LOAD FROM <Arrow table> MERGE ...`: typed columns (an all-null
  column or an empty list is an error as a plain parameter) and about 20 times the speed
  of `UNWIND $rows`.
- Relationship rows bind each endpoint with its own MATCH; the comma form
  `MATCH (a {..}), (b {..})` plans a cross product and is hundreds of times slower.
- Variable-length patterns default to at most 30 hops; real lineage is deeper, so the
  bound is raised when the store opens (`MAX_PATH_DEPTH`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Mapping

import pyarrow as pa

from ptmkg.errors import QueryFailed, StoreUnavailable
from ptmkg.graph import schema as S
from ptmkg.graph.store import CAP_BULK_COPY, Store, StoreURI, chunks

# Upper bound for variable-length patterns; queries may use up to this many hops.
MAX_PATH_DEPTH = 512
# Arrow-table scans (`LOAD FROM $rows`) through one connection before it is replaced
# (see _exec).
RECYCLE_AFTER_SCANS = 32
# Rows per statement when the bulk path falls back to the batch path.
BULK_CHUNK = 200_000
# Buffer pool. LadybugDB's default is 80 % of physical memory; on a shared 24 GiB machine
# that got a load OOM-killed beside other services, so ptmkg asks for 40 % (an upper bound:
# pages are taken as needed). Loads need little once the connection is recycled (see
# _exec: a 300k-model load ran in a 512 MB pool); big lineage queries want more.
# PTMKG_LADYBUG_BUFFER_MB overrides it.
def default_buffer_pool_mb() -> int:
    try:
        total = os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 4096
    return max(1024, int(total * 0.4) // 2**20)

_ARROW = {
    S.STRING: pa.string(),
    S.INT: pa.int64(),
    S.FLOAT: pa.float64(),
    S.BOOL: pa.bool_(),
    S.STRINGS: pa.list_(pa.string()),
}


def _col(name: str) -> str:
    # Columns of the scanned Arrow table get a prefix so that no property name can
    # collide with a Cypher keyword (`from`, `to`, `key`...).
    return f"c_{name}"


class LadybugStore(Store):
    dialect = "ladybug"
    capabilities = frozenset({CAP_BULK_COPY})

    def __init__(self, uri: StoreURI, read_only: bool = False, buffer_pool_mb: int | None = None, **kw: Any) -> None:
        super().__init__(uri, **kw)
        import ladybug

        path = Path(uri.path)
        if path.is_dir():
            raise StoreUnavailable(f"embedded store path {path} is a directory; give a file path such as {path / 'graph.lbdb'}")
        if read_only and not path.exists():
            raise StoreUnavailable(f"no embedded store at {path} (load data first, for example `ptmkg demo`)")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            pool = buffer_pool_mb or int(os.environ.get("PTMKG_LADYBUG_BUFFER_MB") or default_buffer_pool_mb())
            opts: dict[str, Any] = {"read_only": read_only, "buffer_pool_size": pool * 1024 * 1024}
            self._db = ladybug.Database(str(path), **opts)
            self._connect()
        except (RuntimeError, OSError) as e:
            raise StoreUnavailable(f"cannot open embedded store {path}: {_first_line(e)}") from None
        self.read_only = read_only

    def _connect(self) -> None:
        import ladybug

        self._conn = ladybug.Connection(self._db)
        self._conn.execute(f"CALL var_length_extend_max_depth={MAX_PATH_DEPTH}")
        self._scans = 0
        self._timeout_set: float | None = None

    def close(self) -> None:
        conn, db = getattr(self, "_conn", None), getattr(self, "_db", None)
        self._conn = self._db = None
        if conn is not None:
            conn.close()
        if db is not None:
            db.close()

    # -- schema --------------------------------------------------------------------
    def _tables(self) -> dict[str, str]:
        return {r["name"]: r["type"] for r in self.run("CALL show_tables() RETURN name, type")}

    def apply_schema(self) -> None:
        tables = self._tables()
        for nt in S.NODES:
            if nt.label not in tables:
                cols = ", ".join(f"{p.name} {p.type}" for p in nt.props)
                self._exec(f"CREATE NODE TABLE {nt.label}({cols}, PRIMARY KEY(key))")
            else:
                self._add_missing_columns(nt.label, nt.props)
        for rt in S.RELATIONSHIPS:
            if rt.type not in tables:
                ends = ", ".join(f"FROM {a} TO {b}" for a, b in rt.endpoints)
                cols = "".join(f", {p.name} {p.type}" for p in rt.props)
                self._exec(f"CREATE REL TABLE {rt.type}({ends}{cols})")
            else:
                self._add_missing_columns(rt.type, rt.props)

    def _add_missing_columns(self, table: str, props: tuple[S.Prop, ...]) -> None:
        # A store made by an older ptmkg gains the properties added since.
        have = {r["name"] for r in self.run(f"CALL table_info('{table}') RETURN name")}
        for p in props:
            if p.name not in have:
                self._exec(f"ALTER TABLE {table} ADD {p.name} {p.type}")

    # -- writes --------------------------------------------------------------------
    def _arrow(self, names: tuple[str, ...], types: Mapping[str, S.Prop], rows: list[dict[str, Any]], extra: Mapping[str, pa.DataType] = {}) -> pa.Table:
        fields = [pa.field(_col(n), extra[n] if n in extra else _ARROW[types[n].type]) for n in names]
        return pa.Table.from_pydict({_col(n): [r.get(n) for r in rows] for n in names}, schema=pa.schema(fields))

    def _set_clause(self, var: str, names: tuple[str, ...], union: tuple[str, ...], props: Mapping[str, S.Prop] = {}) -> str:
        parts = []
        for n in names:
            weak = props[n].weak if n in props else None
            if weak is not None:
                # weak values come from the schema definition, never from data
                parts.append(f"{var}.{n} = CASE WHEN {_col(n)} = '{weak}' AND {var}.{n} IS NOT NULL THEN {var}.{n} ELSE coalesce({_col(n)}, {var}.{n}) END")
            elif n in union:
                parts.append(
                    f"{var}.{n} = CASE WHEN {var}.{n} IS NULL THEN {_col(n)} "
                    f"WHEN {_col(n)} IS NULL THEN {var}.{n} "
                    f"ELSE list_distinct(list_concat({var}.{n}, {_col(n)})) END"
                )
            else:
                parts.append(f"{var}.{n} = coalesce({_col(n)}, {var}.{n})")
        return ", ".join(parts)

    def _write_nodes(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        # Not MERGE: LadybugDB plans a node MERGE as a hash join over the whole node table,
        # so every batch costs time and buffer pool in proportion to the graph (measured:
        # 20x slower than this at 280k models, and a 1M load ran out of a 9.6 GB pool).
        # Primary-key lookups split the rows; new ones are CREATEd (COPY into a non-empty
        # table is 3 to 8 times slower), known ones SET.
        existing = self._existing_keys(nt.label, [r["key"] for r in rows])
        fresh = [r for r in rows if r["key"] not in existing]
        if fresh:
            self._create_nodes(nt, names, fresh)
        known = [r for r in rows if r["key"] in existing]
        sets = self._set_clause("n", tuple(n for n in names if n != "key"), nt.union_props)
        if known and sets:
            q = f"LOAD FROM $rows MATCH (n:{nt.label} {{key: {_col('key')}}}) SET {sets}"
            self._exec(q, {"rows": self._arrow(names, nt.prop_map, known)})

    def _write_refs(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        existing = self._existing_keys(nt.label, [r["key"] for r in rows])
        fresh = [r for r in rows if r["key"] not in existing]
        if fresh:
            self._create_nodes(nt, names, fresh)

    def _create_nodes(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        """Insert rows whose keys are not in the table yet."""
        values = ", ".join(f"{n}: {_col(n)}" for n in names)
        self._exec(f"LOAD FROM $rows CREATE (n:{nt.label} {{{values}}})", {"rows": self._arrow(names, nt.prop_map, rows)})

    def _write_rels(self, rt: S.RelType, a: str, b: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> int:
        # Not MERGE either: a relationship MERGE scans the adjacency of both ends, and the
        # `to` end is often a hub (apache-2.0 licenses a third of the Hub). Existing
        # relationships are found from the `from` side only; new ones are CREATEd (COPY
        # into a non-empty relationship table took 5 times longer and grew with its size).
        keys_a = self._existing_keys(a, [r["from"] for r in rows])
        keys_b = self._existing_keys(b, [r["to"] for r in rows])
        rows = [r for r in rows if r["from"] in keys_a and r["to"] in keys_b]
        ident = ("from", "to") + rt.key_props
        existing = self._existing_rels(rt, a, b, rows)
        fresh = [r for r in rows if tuple(r.get(k) for k in ident) not in existing]
        if fresh:
            cols = ("from", "to") + tuple(p.name for p in rt.props)
            table = self._arrow(cols, rt.prop_map, fresh, extra={"from": pa.string(), "to": pa.string()})
            values = ", ".join(f"{p.name}: {_col(p.name)}" for p in rt.props)
            self._exec(
                f"LOAD FROM $rows MATCH (x:{a} {{key: {_col('from')}}}) MATCH (y:{b} {{key: {_col('to')}}}) "
                f"CREATE (x)-[:{rt.type} {{{values}}}]->(y)",
                {"rows": table},
            )
        known = [r for r in rows if tuple(r.get(k) for k in ident) in existing]
        props = tuple(n for n in names if n not in ("from", "to") + rt.key_props)
        sets = self._set_clause("r", props, rt.union_props, rt.prop_map)
        if known and sets:
            same = "".join(f" AND r.{k} = {_col(k)}" for k in rt.key_props)
            table = self._arrow(names, rt.prop_map, known, extra={"from": pa.string(), "to": pa.string()})
            self._exec(
                f"LOAD FROM $rows MATCH (x:{a} {{key: {_col('from')}}}) OPTIONAL MATCH (x)-[r:{rt.type}]->(y:{b}) "
                f"WITH r, y, {', '.join(_col(n) for n in names)} WHERE r IS NOT NULL AND y.key = {_col('to')}{same} SET {sets}",
                {"rows": table},
            )
        return len(rows)

    def bulk_load_nodes(self, label: str, rows: Any) -> int:
        """Into an empty table: one COPY of every row (the engine's fastest path; the rows
        are held as one Arrow table). Otherwise the batch path in big chunks."""
        nt = S.node_type(label)
        if self._count_label(label):
            return self._in_big_chunks(lambda: self.upsert_nodes(label, rows))
        clean = S.merge_rows((S.check_node_row(nt, r) for r in rows), ("key",), nt.union_props)
        if clean:
            names = tuple(p.name for p in nt.props)  # COPY wants every column, in order
            self._exec(f"COPY {label} FROM $rows", {"rows": self._arrow(names, nt.prop_map, clean)})
        return len(clean)

    def bulk_load_relationships(self, type_: str, from_label: str, to_label: str, rows: Any) -> int:
        """Into an empty table: one COPY (rows with a missing endpoint are left out, as on
        the batch path). Otherwise the batch path in big chunks."""
        rt = S.rel_type(type_)
        S.check_endpoints(rt, from_label, to_label)
        if self._count_type(type_):
            return self._in_big_chunks(lambda: self.upsert_relationships(type_, from_label, to_label, rows))
        clean = S.merge_rows((S.check_rel_row(rt, r) for r in rows), ("from", "to") + rt.key_props, rt.union_props)
        keys_a = self._existing_keys(from_label, [r["from"] for r in clean])
        keys_b = self._existing_keys(to_label, [r["to"] for r in clean])
        clean = [r for r in clean if r["from"] in keys_a and r["to"] in keys_b]
        if clean:
            names = ("from", "to") + tuple(p.name for p in rt.props)
            table = self._arrow(names, rt.prop_map, clean, extra={"from": pa.string(), "to": pa.string()})
            opts = f" (from='{from_label}', to='{to_label}')" if len(rt.endpoints) > 1 else ""
            self._exec(f"COPY {type_} FROM $rows{opts}", {"rows": table})
        return len(clean)

    def _in_big_chunks(self, fn: Any) -> int:
        old = self.batch_size
        self.batch_size = BULK_CHUNK
        try:
            return int(fn())
        finally:
            self.batch_size = old

    def _existing_rels(self, rt: S.RelType, a: str, b: str, rows: list[dict[str, Any]]) -> set[tuple]:
        if not rows:
            return set()
        probe = pa.table({"c_from": pa.array(sorted({r["from"] for r in rows}), pa.string())})
        extra = "".join(f", r.{k} AS {k}" for k in rt.key_props)
        # OPTIONAL MATCH from nodes bound by primary key plans a semi-masked scan of their
        # adjacency; a plain MATCH here hash-joins the whole relationship table.
        found = self._exec(
            f"LOAD FROM $rows MATCH (x:{a} {{key: c_from}}) OPTIONAL MATCH (x)-[r:{rt.type}]->(y:{b}) "
            f"WITH x, r, y WHERE r IS NOT NULL RETURN x.key AS f, y.key AS t{extra}",
            {"rows": probe},
        )
        return {(r["f"], r["t"]) + tuple(r[k] for k in rt.key_props) for r in found}

    def _existing_keys(self, label: str, keys: list[str]) -> set[str]:
        probe = pa.table({"c_key": pa.array(sorted(set(keys)), pa.string())})
        rows = self._exec(f"LOAD FROM $rows MATCH (n:{label} {{key: c_key}}) RETURN n.key AS key", {"rows": probe})
        return {r["key"] for r in rows}

    def retract_sources(self, type_: str, from_label: str, from_keys: list[str], sources: list[str]) -> int:
        rt = S.rel_type(type_)
        S.node_type(from_label)
        if not from_keys:
            return 0
        uniq = sorted(set(from_keys))
        # No list comprehension here: list_filter with a lambda does the same. A query
        # parameter inside the lambda trips an engine assertion (0.22), so the list to
        # drop travels as a column of the scanned table.
        keys = pa.table(
            {
                "c_key": pa.array(uniq, pa.string()),
                "c_drop": pa.array([list(sources)] * len(uniq), pa.list_(pa.string())),
            }
        )
        # OPTIONAL MATCH from primary-key-bound nodes: a semi-masked adjacency scan (a plain
        # MATCH hash-joins the whole relationship table, per batch).
        self._exec(
            f"LOAD FROM $keys MATCH (a:{from_label} {{key: c_key}}) OPTIONAL MATCH (a)-[r:{rt.type}]->() "
            "WITH r, c_drop WHERE r IS NOT NULL "
            "SET r.source = list_filter(r.source, s -> NOT list_contains(c_drop, s))",
            {"keys": keys},
        )
        rows = self._exec(
            f"LOAD FROM $keys MATCH (a:{from_label} {{key: c_key}}) OPTIONAL MATCH (a)-[r:{rt.type}]->() "
            "WITH r WHERE r IS NOT NULL AND (r.source IS NULL OR size(r.source) = 0) DELETE r RETURN count(*) AS n",
            {"keys": keys},
        )
        return int(rows[0]["n"]) if rows else 0

    # -- reads ---------------------------------------------------------------------
    def _exec(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        if self._conn is None:
            raise StoreUnavailable("the embedded store is closed")
        if self.timeout != self._timeout_set:
            self._conn.set_query_timeout(int(self.timeout * 1000) if self.timeout else 0)
            self._timeout_set = self.timeout
        try:
            result = self._conn.execute(cypher, dict(params or {}))
        except RuntimeError as e:
            if self.timeout and "interrupt" in str(e).lower():
                raise QueryFailed(f"embedded store: the query was stopped after the {self.timeout:g} s time limit") from None
            hint = ""
            if "buffer pool is full" in str(e):
                hint = " (raise PTMKG_LADYBUG_BUFFER_MB, in MB)"
            raise QueryFailed(f"embedded store: {_first_line(e)}{hint}") from None
        cols = result.get_column_names()
        out = []
        while result.has_next():
            out.append(dict(zip(cols, result.get_next())))
        result.close()
        if params and any(isinstance(v, pa.Table) for v in params.values()):
            self._scans += 1
            if self._scans >= RECYCLE_AFTER_SCANS:
                # LadybugDB keeps 0.5 MB of buffer pool for every `LOAD FROM $table` until
                # its connection closes, whatever the table's size (measured: 510 scans fill
                # 256 MB; a 1M-model load filled a 2 GB pool). A new connection releases it
                # and costs 0.2 ms.
                self._conn.close()
                self._connect()
        return out

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        return self._exec(cypher, params)

    def _count_label(self, label: str) -> int:
        S.node_type(label)
        return int(self._exec(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"])

    def _count_type(self, type_: str) -> int:
        S.rel_type(type_)
        return int(self._exec(f"MATCH ()-[r:{type_}]->() RETURN count(r) AS n")[0]["n"])

    def clear(self) -> None:
        # Dropping and re-creating the tables is far faster than deleting row by row.
        tables = self._tables()
        for rt in S.RELATIONSHIPS:
            if rt.type in tables:
                self._exec(f"DROP TABLE {rt.type}")
        for nt in S.NODES:
            if nt.label in tables:
                self._exec(f"DROP TABLE {nt.label}")
        self.apply_schema()


def _first_line(e: BaseException) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__
