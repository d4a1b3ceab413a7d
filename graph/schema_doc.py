"""The schema page (docs/schema.md), generated from `ptmkg.graph.schema`; a test keeps
the checked-in page equal to this output."""

from __future__ import annotations

from ptmkg.graph import schema as S


def _esc(text: str) -> str:
    return text.replace("|", "\\|")


def schema_markdown() -> str:
    out = [
        "# ptmkg graph schema",
        "",
        "Generated from `graph/schema.py` by `ptmkg schema show`; do not edit by hand.",
        "",
        "Every node has `key` (its identity, the id in lower case; unique, the primary key)",
        "and `id` (the spelling its source uses). Relationship endpoints are named by key.",
        "Every relationship says where it was seen in `source`: a list, one entry per place",
        "(`hf:baseModels`, `hf:card`, `hf:tag`, `peatmoss:mapping`, ...), which accumulates",
        "when another loader sees the same edge. `COMPATIBLE_INTO` is the exception: one",
        "edge per source, `source` a single string that is part of the edge's identity.",
        "Timestamps are ISO-8601 UTC strings. Base-model relation kinds: "
        + ", ".join(f"`{k}`" for k in S.RELATION_KINDS)
        + ".",
        "",
        "## Nodes",
        "",
    ]
    for nt in S.NODES:
        out += [f"### {nt.label}", "", _esc(nt.doc), "", "| property | type | indexed | meaning |", "|---|---|---|---|"]
        for p in nt.props:
            idx = "unique" if p.name == "key" else ("yes" if p.indexed else "")
            out.append(f"| `{p.name}` | {p.type} | {idx} | {_esc(p.doc)} |")
        out.append("")
    out += ["## Relationships", ""]
    for rt in S.RELATIONSHIPS:
        ends = ", ".join(f"`({a})-[:{rt.type}]->({b})`" for a, b in rt.endpoints)
        out += [f"### {rt.type}", "", _esc(rt.doc), "", ends, ""]
        if rt.key_props:
            out += [f"One relationship per endpoint pair and {', '.join('`'+k+'`' for k in rt.key_props)}.", ""]
        out += ["| property | type | meaning |", "|---|---|---|"]
        for p in rt.props:
            out.append(f"| `{p.name}` | {p.type} | {_esc(p.doc)} |")
        out.append("")
    out += [
        "## Indexes",
        "",
        "Neo4j: a uniqueness constraint on `key` for every label, and indexes on the",
        "properties marked above. LadybugDB: `key` is each node table's primary key (its only",
        "index); the queries look nodes up by key.",
        "",
    ]
    return "\n".join(out)
