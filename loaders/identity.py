"""One canonical node per model, whatever old id names it.

In 2024 Hugging Face moved its legacy canonical models, whose ids had no owner, into
organizations: `gpt2` is now `openai-community/gpt2`, `bert-base-uncased` is
`google-bert/bert-base-uncased` (the old ids redirect). PeaTMOSS and its GitHub mapping
predate the move and use the old ids. ptmkg resolves a bare id `X` to `ORG/X` only where
the data allows it: when the graph holds a loaded model `ORG/X` with ORG one of the
organizations below, and no other candidate. The old id is kept in `aliases`.

Two steps, so the order in which sources are loaded does not matter:
- `apply_aliases` rewrites a batch's model keys through the aliases already known, before
  it is written (a re-ingest of old ids lands on the canonical node directly);
- `resolve_legacy_ids`, run after every ingest, merges bare-id nodes into their canonical
  node when that node arrived later: relationships are moved, the alias recorded, the
  bare node deleted.
"""

from __future__ import annotations

from ptmkg.graph import schema as S
from ptmkg.graph.store import Store

# Organizations that received Hugging Face's legacy canonical models.
LEGACY_ORGS = ("openai-community", "google-bert", "google-t5", "facebookai", "distilbert", "albert")


def alias_map(store: Store) -> dict[str, str]:
    """alias key -> canonical key, for every model that has aliases."""
    rows = store.run("MATCH (m:Model) WHERE m.aliases IS NOT NULL AND size(m.aliases) > 0 RETURN m.key AS key, m.aliases AS aliases")
    return {a: r["key"] for r in rows for a in r["aliases"]}


def apply_aliases(batch: S.Batch, aliases: dict[str, str]) -> None:
    """Rewrite Model keys in a batch through the alias map (in place)."""
    if not aliases:
        return
    refs = batch.refs.get("Model")
    if refs:
        for old in [k for k in refs if k in aliases]:
            refs.pop(old)  # the canonical node exists already
    for rows in (batch.nodes.get("Model") or []), :
        for row in rows:
            if row["key"] in aliases:
                row["aliases"] = sorted(set(row.get("aliases") or []) | {row["key"]})
                row["key"] = aliases[row["key"]]
                row.pop("id", None)  # keep the canonical spelling
    for (type_, a, b), rows in batch.rels.items():
        for row in rows:
            if a == "Model" and row["from"] in aliases:
                row["from"] = aliases[row["from"]]
            if b == "Model" and row["to"] in aliases:
                row["to"] = aliases[row["to"]]


def resolve_legacy_ids(store: Store) -> list[tuple[str, str]]:
    """Merge bare-id model nodes into their canonical `org/name` node; returns the pairs."""
    bare = [r["key"] for r in store.run("MATCH (m:Model) WHERE NOT m.key CONTAINS '/' RETURN m.key AS key")]
    merged = []
    for key in bare:
        candidates = [f"{org}/{key}" for org in LEGACY_ORGS]
        found = store.run(
            "MATCH (m:Model) WHERE m.key IN $keys AND m.loaded = true RETURN m.key AS key",
            {"keys": candidates},
        )
        if len(found) == 1:
            merge_model_into(store, key, found[0]["key"])
            merged.append((key, found[0]["key"]))
    return merged


def merge_model_into(store: Store, old: str, new: str) -> None:
    """Move every relationship of model `old` to model `new`, record `old` as an alias of
    `new`, delete `old`. Works on any store through the common interface."""
    for rt in S.RELATIONSHIPS:
        for a, b in rt.endpoints:
            props = [p.name for p in rt.props]
            cols = "".join(f", r.{p} AS {p}" for p in props)
            if a == "Model":
                rows = store.run(f"MATCH (x:Model {{key: $k}})-[r:{rt.type}]->(y:{b}) RETURN y.key AS to{cols}", {"k": old})
                moved = [{**_props(r, props), "from": new, "to": new if (b == "Model" and r["to"] == old) else r["to"]} for r in rows]
                store.upsert_relationships(rt.type, a, b, moved)
            if b == "Model":
                rows = store.run(f"MATCH (x:{a})-[r:{rt.type}]->(y:Model {{key: $k}}) RETURN x.key AS frm{cols}", {"k": old})
                moved = [{**_props(r, props), "from": r["frm"], "to": new} for r in rows if not (a == "Model" and r["frm"] == old)]
                store.upsert_relationships(rt.type, a, b, moved)
    store.upsert_nodes("Model", [{"key": new, "aliases": [old]}])
    store.run("MATCH (m:Model {key: $k}) DETACH DELETE m", {"k": old})


def _props(row: dict, names: list[str]) -> dict:
    return {n: row[n] for n in names if row.get(n) is not None}
