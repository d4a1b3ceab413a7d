"""Families: the largest base-model families (lineage/roots), their size over time
(ui/family-growth) and how their members were made (lineage/relation-mix)."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from ptmkg.ui import data
from ptmkg.ui.components import RELATION_COLOURS, RELATIONS, fmt_int, html, model_link, table

st.title("Families")
data.require_data()

limit = st.slider("Families", 5, 50, 15, key="families_limit", help="The roots with the most descendants.")
roots = data.guarded(lambda: data.query("lineage/roots", limit=limit), "the largest families")
if not roots:
    st.info("No model in the graph has a derivative yet.")
    st.stop()

fig = go.Figure(go.Bar(
    x=[r["descendants"] for r in roots][::-1], y=[html(r["id"]) for r in roots][::-1], orientation="h",
    marker_color=["#1f77b4" if r["loaded"] else "#9ecae1" for r in roots][::-1],
    hovertext=[f"{html(r['id'])}<br>{fmt_int(r['descendants'])} descendants, {fmt_int(r['direct'])} direct<br>downloads: {fmt_int(r['downloads'])}" for r in roots][::-1],
    hoverinfo="text",
))
fig.update_layout(height=max(300, 24 * len(roots) + 80), margin=dict(l=10, r=10, t=30, b=10),
                  title="Descendants per root base model (pale: only referenced, no record of its own)", xaxis_title="descendants")
st.plotly_chart(fig, width="stretch", key="families_sizes")

ids = [r["id"] for r in roots]
chosen = st.multiselect("Compare", ids, default=ids[:5], key="families_chosen")

st.subheader("Size over time")
growth = go.Figure()
for rid in chosen:
    rows = data.guarded(lambda: data.query("ui/family-growth", model_id=rid), f"the growth of {rid}") or []
    total, xs, ys = 0, [], []
    for r in rows:
        total += int(r["models"])
        xs.append(r["month"])
        ys.append(total)
    growth.add_trace(go.Scatter(x=xs, y=ys, mode="lines+markers", name=html(rid), hovertemplate="%{x}: %{y} descendants<extra>%{fullData.name}</extra>"))
growth.update_layout(height=380, margin=dict(l=10, r=10, t=10, b=10), xaxis_title="month created", yaxis_title="descendants (cumulative)",
                     xaxis_type="category", xaxis_categoryorder="category ascending")
st.plotly_chart(growth, width="stretch", key="families_growth")
st.caption("Descendants by the month they were created on the hub, summed up; descendants known only by reference (no creation date) are left out.")

st.subheader("Relation mix")
mix = go.Figure()
per_root: dict[str, dict[str, int]] = {}
for rid in chosen:
    rows = data.guarded(lambda: data.query("lineage/relation-mix", model_id=rid), f"the relation mix of {rid}") or []
    counts = per_root.setdefault(rid, {})
    for r in rows:
        if r["root"].lower() == rid.lower():
            counts[r["relation"]] = counts.get(r["relation"], 0) + int(r["edges"])
for kind in RELATIONS:
    ys = [per_root.get(rid, {}).get(kind, 0) for rid in chosen]
    if any(ys):
        mix.add_trace(go.Bar(name=kind, x=[html(rid) for rid in chosen], y=ys, marker_color=RELATION_COLOURS[kind]))
mix.update_layout(barmode="stack", height=380, margin=dict(l=10, r=10, t=10, b=10), yaxis_title="base-model links")
st.plotly_chart(mix, width="stretch", key="families_mix")

st.subheader("Open a family")
table(roots, ["id", "descendants", "direct", "downloads", "loaded"])
for rid in chosen:
    model_link(rid)
