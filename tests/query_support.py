"""Helpers for query-pack tests: run a named query on both stores and compare, and an
independent reference of the sample's lineage built with plain Python and networkx from
the raw JSONL (never through ptmkg's loaders)."""

from __future__ import annotations

import json
from decimal import Decimal
from functools import lru_cache
from typing import Any

import networkx as nx

from tests.conftest import SHARED

JSONL = SHARED / "hub-stats-sample" / "hub_stats_frozen.derived.jsonl"


def norm(value: Any) -> Any:
    """Engine-neutral values: Decimal sums become numbers, floats are rounded."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else round(float(value), 6)
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, list):
        return [norm(v) for v in value]
    if isinstance(value, dict):
        return {k: norm(v) for k, v in value.items()}
    return value


def run_named(store, name: str, **params: Any) -> list[dict]:  # type: ignore[no-untyped-def]
    return [norm(r) for r in store.run_query(name, params)]


def same_on_both(stores: dict, name: str, **params: Any) -> list[dict]:
    """Run a query on both stores (each in its own dialect); assert equal rows; return them."""
    neo = run_named(stores["neo4j"], name, **params)
    lady = run_named(stores["ladybug"], name, **params)
    assert lady == neo, f"{name} {params}: the stores disagree\nladybug: {lady[:5]}\nneo4j:   {neo[:5]}"
    return neo


def _as_list(v: Any) -> list:
    return [] if v is None else (v if isinstance(v, list) else [v])


@lru_cache(maxsize=1)
def raw_models() -> tuple[dict, ...]:
    return tuple(json.loads(line) for line in open(JSONL))


@lru_cache(maxsize=1)
def lineage_graph() -> nx.DiGraph:
    """child -> base edges (lower-case ids), attribute `relation`, from all three places
    the raw rows declare base models, with the precedence baseModels > card > tag."""
    g = nx.DiGraph()
    for r in raw_models():
        me = r["id"].lower()
        g.add_node(me, id=r["id"], loaded=True, downloads=r["downloads"])
        card = json.loads(r["cardData"]) if r["cardData"] else {}
        rels: dict[str, dict[str, str | None]] = {}
        if r["baseModels"]:
            for m in r["baseModels"]["models"]:
                rels.setdefault(m["id"].lower(), {})["bm"] = r["baseModels"]["relation"]
        card_rel = card.get("base_model_relation")
        for b in _as_list(card.get("base_model")):
            if isinstance(b, str):
                rels.setdefault(b.strip().lower(), {}).setdefault("card", card_rel)
        for t in r["tags"]:
            if t.startswith("base_model:"):
                parts = t.split(":")
                rels.setdefault(parts[-1].lower(), {}).setdefault("tag", parts[1] if len(parts) == 3 else None)
                if len(parts) == 3:
                    rels[parts[-1].lower()]["tag"] = parts[1]
        for base, seen in rels.items():
            relation = seen.get("bm") or seen.get("card") or seen.get("tag") or "unknown"
            if base not in g:
                g.add_node(base, loaded=False)
            g.add_edge(me, base, relation=relation)
    return g


def without_self_loops(g: nx.DiGraph) -> nx.DiGraph:
    h = g.copy()
    h.remove_edges_from(list(nx.selfloop_edges(h)))
    return h


def display_id(g: nx.DiGraph, key: str) -> str:
    return g.nodes[key].get("id", key)
