"""The Neo4j store, through the official `neo4j` Python driver (Bolt).

`bolt://` talks to one server; `neo4j://` lets the driver route reads and writes across a
cluster. Credentials come from NEO4J_USER / NEO4J_PASSWORD and are never printed.
"""

from __future__ import annotations

import os
from typing import Any, Mapping

from ptmkg.errors import QueryFailed, StoreUnavailable
from ptmkg.graph import schema as S
from ptmkg.graph.store import (
    CAP_BROWSER,
    CAP_CLUSTER_ROUTING,
    CAP_TRANSACTIONS_IN_BATCHES,
    Store,
    StoreURI,
    chunks,
)


def _plain(value: Any) -> Any:
    """Neo4j values to plain Python (nodes and relationships become property dicts)."""
    from neo4j.graph import Node, Path, Relationship

    if isinstance(value, (Node, Relationship)):
        return dict(value.items())
    if isinstance(value, Path):
        return [dict(n.items()) for n in value.nodes]
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


class Neo4jStore(Store):
    dialect = "neo4j"

    def __init__(self, uri: StoreURI, connect_timeout: float = 10.0, **kw: Any) -> None:
        super().__init__(uri, **kw)
        import neo4j

        self.capabilities = frozenset(
            {CAP_BROWSER, CAP_TRANSACTIONS_IN_BATCHES} | ({CAP_CLUSTER_ROUTING} if uri.scheme.startswith("neo4j") else set())
        )
        user = os.environ.get("NEO4J_USER", "neo4j")
        password = os.environ.get("NEO4J_PASSWORD")
        auth = (user, password) if password else None
        self._database = uri.database
        try:
            self._driver = neo4j.GraphDatabase.driver(
                uri.raw,
                auth=auth,
                connection_timeout=connect_timeout,
                max_transaction_retry_time=15.0,
                # "unknown relationship type" notices for types not loaded yet are noise
                notifications_min_severity="OFF",
            )
            self._driver.verify_connectivity()
        except neo4j.exceptions.AuthError:
            self._driver = None
            how = "check NEO4J_USER and NEO4J_PASSWORD" if password else "the server wants credentials: set NEO4J_USER and NEO4J_PASSWORD"
            raise StoreUnavailable(f"Neo4j at {uri.address} refused the credentials ({how})") from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.DriverError, OSError, ValueError) as e:
            self._driver = None
            hint = " (is it running? `ptmkg neo4j start` starts one)" if isinstance(e, neo4j.exceptions.ServiceUnavailable) else ""
            raise StoreUnavailable(f"cannot reach Neo4j at {uri.address}: {_reason(e)}{hint}") from None

    def close(self) -> None:
        if getattr(self, "_driver", None) is not None:
            self._driver.close()
            self._driver = None

    # -- plumbing ------------------------------------------------------------------
    def _session(self) -> Any:
        if self._driver is None:
            raise StoreUnavailable("the Neo4j store is closed")
        return self._driver.session(database=self._database)

    def _write(self, cypher: str, params: Mapping[str, Any]) -> list[dict[str, Any]]:
        import neo4j

        def work(tx: Any) -> list[dict[str, Any]]:
            return [r.data() for r in tx.run(cypher, dict(params))]

        try:
            with self._session() as session:
                return session.execute_write(work)
        except neo4j.exceptions.Neo4jError as e:
            raise QueryFailed(f"Neo4j: {e.message or e.code}") from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as e:
            raise StoreUnavailable(f"lost Neo4j at {self.uri.address}: {_reason(e)}") from None

    def run(self, cypher: str, params: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
        import neo4j

        try:
            with self._session() as session:
                result = session.run(neo4j.Query(cypher, timeout=self.timeout), dict(params or {}))
                keys = result.keys()
                return [{k: _plain(rec[k]) for k in keys} for rec in result]
        except neo4j.exceptions.Neo4jError as e:
            if self.timeout is not None and "TransactionTimedOut" in (e.code or ""):
                raise QueryFailed(f"Neo4j: the query was stopped after the {self.timeout:g} s time limit") from None
            raise QueryFailed(f"Neo4j: {e.message or e.code}") from None
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired) as e:
            raise StoreUnavailable(f"lost Neo4j at {self.uri.address}: {_reason(e)}") from None

    # -- schema --------------------------------------------------------------------
    def apply_schema(self) -> None:
        for nt in S.NODES:
            low = nt.label.lower()
            self.run(f"CREATE CONSTRAINT {low}_key IF NOT EXISTS FOR (n:{nt.label}) REQUIRE n.key IS UNIQUE")
            for p in nt.props:
                if p.indexed:
                    self.run(f"CREATE INDEX {low}_{p.name} IF NOT EXISTS FOR (n:{nt.label}) ON (n.{p.name})")

    # -- writes --------------------------------------------------------------------
    @staticmethod
    def _set_clause(var: str, names: tuple[str, ...], union: tuple[str, ...], props: Mapping[str, S.Prop] = {}) -> str:
        parts = []
        for n in names:
            weak = props[n].weak if n in props else None
            if weak is not None:
                # weak values come from the schema definition, never from data
                parts.append(f"{var}.{n} = CASE WHEN row.{n} = '{weak}' AND {var}.{n} IS NOT NULL THEN {var}.{n} ELSE coalesce(row.{n}, {var}.{n}) END")
            elif n in union:
                parts.append(
                    f"{var}.{n} = CASE WHEN {var}.{n} IS NULL THEN row.{n} WHEN row.{n} IS NULL THEN {var}.{n} "
                    f"ELSE {var}.{n} + [s IN row.{n} WHERE NOT s IN {var}.{n}] END"
                )
            else:
                parts.append(f"{var}.{n} = coalesce(row.{n}, {var}.{n})")
        return ", ".join(parts)

    def _write_nodes(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        sets = self._set_clause("n", tuple(n for n in names if n != "key"), nt.union_props)
        self._write(f"UNWIND $rows AS row MERGE (n:{nt.label} {{key: row.key}})" + (f" SET {sets}" if sets else ""), {"rows": rows})

    def _write_refs(self, nt: S.NodeType, names: tuple[str, ...], rows: list[dict[str, Any]]) -> None:
        sets = ", ".join(f"n.{n} = row.{n}" for n in names if n != "key")
        self._write(f"UNWIND $rows AS row MERGE (n:{nt.label} {{key: row.key}})" + (f" ON CREATE SET {sets}" if sets else ""), {"rows": rows})

    def _write_rels(self, rt: S.RelType, a: str, b: str, names: tuple[str, ...], rows: list[dict[str, Any]]) -> int:
        props = tuple(n for n in names if n not in ("from", "to"))
        keyed = ", ".join(f"{k}: row.{k}" for k in rt.key_props)
        pattern = f"[r:{rt.type}" + (f" {{{keyed}}}" if keyed else "") + "]"
        sets = self._set_clause("r", tuple(p for p in props if p not in rt.key_props), rt.union_props, rt.prop_map)
        # `from` is a Cypher keyword in some positions; the endpoint keys travel as a_key/b_key.
        params = [{**{k: v for k, v in r.items() if k not in ("from", "to")}, "a_key": r["from"], "b_key": r["to"]} for r in rows]
        q = (
            f"UNWIND $rows AS row MATCH (a:{a} {{key: row.a_key}}) MATCH (b:{b} {{key: row.b_key}}) "
            f"MERGE (a)-{pattern}->(b)" + (f" SET {sets}" if sets else "") + " RETURN count(*) AS n"
        )
        return int(self._write(q, {"rows": params})[0]["n"])

    def bulk_load_nodes(self, label: str, rows: Any) -> int:
        # Online, Neo4j's fastest path is big UNWIND batches against the key constraint
        # (the offline `neo4j-admin database import` needs a stopped server).
        return _with_batch_size(self, 20_000, lambda: Store.bulk_load_nodes(self, label, rows))

    def bulk_load_relationships(self, type_: str, from_label: str, to_label: str, rows: Any) -> int:
        return _with_batch_size(self, 20_000, lambda: Store.bulk_load_relationships(self, type_, from_label, to_label, rows))

    def retract_sources(self, type_: str, from_label: str, from_keys: list[str], sources: list[str]) -> int:
        rt = S.rel_type(type_)
        S.node_type(from_label)
        deleted = 0
        for chunk in chunks(sorted(set(from_keys)), self.batch_size):
            rows = self._write(
                f"UNWIND $keys AS k MATCH (a:{from_label} {{key: k}})-[r:{rt.type}]->() "
                "SET r.source = [s IN coalesce(r.source, []) WHERE NOT s IN $drop] "
                "WITH r WHERE size(r.source) = 0 DELETE r RETURN count(*) AS n",
                {"keys": chunk, "drop": list(sources)},
            )
            deleted += int(rows[0]["n"]) if rows else 0
        return deleted

    # -- reads ---------------------------------------------------------------------
    def _count_label(self, label: str) -> int:
        S.node_type(label)
        return int(self.run(f"MATCH (n:{label}) RETURN count(n) AS n")[0]["n"])

    def _count_type(self, type_: str) -> int:
        S.rel_type(type_)
        return int(self.run(f"MATCH ()-[r:{type_}]->() RETURN count(r) AS n")[0]["n"])

    def clear(self) -> None:
        # In batches, so clearing a big graph does not need one huge transaction; the
        # relationships first, because DETACH DELETE of a hub (apache-2.0 licenses a third
        # of the Hub) takes all its relationships into one batch and exceeded the
        # transaction memory pool on a 1M-model graph.
        self.run("MATCH ()-[r]->() CALL (r) { DELETE r } IN TRANSACTIONS OF 10000 ROWS")
        self.run("MATCH (n) CALL (n) { DELETE n } IN TRANSACTIONS OF 10000 ROWS")


def _with_batch_size(store: Store, size: int, fn: Any) -> Any:
    old = store.batch_size
    store.batch_size = size
    try:
        return fn()
    finally:
        store.batch_size = old


def _reason(e: BaseException) -> str:
    text = str(e).strip().splitlines()
    first = text[0].rstrip(":") if text else type(e).__name__
    if "Couldn't connect" in first or "Connection refused" in str(e):
        return "connection refused"
    return first
