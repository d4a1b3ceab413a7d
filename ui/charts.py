"""The dashboard figures (Plotly, drawn by the plotly.js that Streamlit bundles)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Iterable

import plotly.graph_objects as go

from ptmkg.ui.components import VERDICT_COLOURS, html

DOMAIN_COLOURS = {
    "nlp": "#1f77b4", "vision": "#ff7f0e", "audio": "#2ca02c", "multimodal": "#d62728",
    "tabular": "#9467bd", "rl": "#8c564b", "other": "#e377c2", "(none)": "#7f7f7f",
}
SANKEY_SIDE = 14  # licenses drawn per side; the rest are grouped as "(other)"


def _layout(fig: go.Figure, height: int = 380, **kw: Any) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=10, b=10), **kw)
    return fig


def completeness(rows: list[dict[str, Any]]) -> go.Figure:
    rows = sorted(rows, key=lambda r: r["share"])
    fig = go.Figure(go.Bar(
        x=[r["share"] * 100 for r in rows], y=[html(r["field"]) for r in rows], orientation="h",
        text=[f"{r['share'] * 100:.1f}%" for r in rows], textposition="auto",
        hovertext=[f"{html(r['field'])}: {r['models']:,} of {r['total']:,} models" for r in rows], hoverinfo="text",
        marker_color="#1f77b4",
    ))
    return _layout(fig, xaxis_title="share of loaded models with the field (%)", xaxis_range=[0, 100])


def per_domain(rows: list[dict[str, Any]], github: list[dict[str, Any]] | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(
        name="all loaded models", x=[html(r["domain"]) for r in rows], y=[r["models"] for r in rows],
        marker_color=[DOMAIN_COLOURS.get(r["domain"], "#bcbd22") for r in rows],
        hovertemplate="%{x}: %{y:,} models<extra></extra>",
    ))
    if github:
        by = {r["domain"]: r for r in github}
        fig.add_trace(go.Bar(
            name="used by GitHub repositories", x=[html(r["domain"]) for r in rows],
            y=[by.get(r["domain"], {}).get("models", 0) for r in rows], marker_color="#333",
            hovertemplate="%{x}: %{y:,} models used on GitHub<extra></extra>",
        ))
    return _layout(fig, barmode="group", yaxis_title="models", yaxis_type="log" if github else "linear",
                   legend=dict(orientation="h", y=1.08))


def _by_domain(rows: Iterable[dict[str, Any]], value: str) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = defaultdict(dict)
    for r in rows:
        out[r["domain"]][r["month"]] = r[value]
    return out


def per_month(rows: list[dict[str, Any]]) -> go.Figure:
    months = sorted({r["month"] for r in rows})
    series = _by_domain(rows, "models")
    fig = go.Figure()
    for domain in sorted(series, key=lambda d: -sum(series[d].values())):
        fig.add_trace(go.Bar(name=html(domain), x=months, y=[series[domain].get(m, 0) for m in months],
                             marker_color=DOMAIN_COLOURS.get(domain, "#bcbd22")))
    return _layout(fig, barmode="stack", xaxis_title="month created", yaxis_title="models", xaxis_type="category")


def median_parameters(rows: list[dict[str, Any]]) -> go.Figure:
    series: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        series[r["domain"]].append(r)
    fig = go.Figure()
    for domain in sorted(series, key=lambda d: -sum(r["models"] for r in series[d])):
        pts = sorted(series[domain], key=lambda r: r["month"])
        fig.add_trace(go.Scatter(
            name=html(domain), x=[r["month"] for r in pts], y=[r["median_parameters"] for r in pts], mode="lines+markers",
            marker=dict(size=[min(16, 4 + r["models"] ** 0.5) for r in pts]), line=dict(color=DOMAIN_COLOURS.get(domain)),
            hovertext=[f"{html(domain)} {r['month']}: median {r['median_parameters']:,.0f} parameters over {r['models']:,} models" for r in pts],
            hoverinfo="text",
        ))
    return _layout(fig, yaxis_type="log", yaxis_title="median parameters (log)", xaxis_title="month created", xaxis_type="category",
                   xaxis_categoryorder="category ascending")


def _pick(row: dict[str, Any], *names: str) -> Any:
    for n in names:
        if n in row:
            return row[n]
    raise KeyError(f"none of {names} in {sorted(row)}")


def flow_rows(rows: list[dict[str, Any]]) -> list[tuple[str, str, int, str]]:
    """(model license, repository license, links, verdict class) from licenses/peatmoss-flows."""
    out = []
    for r in rows:
        src = _pick(r, "model_license", "source", "from_license")
        dst = _pick(r, "repository_license", "target", "to_license")
        n = _pick(r, "links", "pairs", "uses", "count", "edges", "value")
        verdict = _pick(r, "verdict_class", "verdict", "class")
        out.append((str(src if src is not None else "unknown"), str(dst if dst is not None else "unknown"), int(n or 0), str(verdict or "unanalyzed")))
    return out


def license_sankey(rows: list[dict[str, Any]]) -> tuple[go.Figure, str]:
    flows = flow_rows(rows)
    left_tot: dict[str, int] = defaultdict(int)
    right_tot: dict[str, int] = defaultdict(int)
    for s, t, n, _ in flows:
        left_tot[s] += n
        right_tot[t] += n
    keep_l = set(sorted(left_tot, key=lambda k: (-left_tot[k], k))[:SANKEY_SIDE])
    keep_r = set(sorted(right_tot, key=lambda k: (-right_tot[k], k))[:SANKEY_SIDE])
    merged: dict[tuple[str, str, str], int] = defaultdict(int)
    for s, t, n, v in flows:
        merged[(s if s in keep_l else "(other)", t if t in keep_r else "(other)", v)] += n
    lefts = sorted({k[0] for k in merged}, key=lambda k: (k == "(other)", -left_tot.get(k, 0), k))
    rights = sorted({k[1] for k in merged}, key=lambda k: (k == "(other)", -right_tot.get(k, 0), k))
    index = {("L", k): i for i, k in enumerate(lefts)}
    index.update({("R", k): len(lefts) + i for i, k in enumerate(rights)})
    links = sorted(merged.items(), key=lambda kv: (index[("L", kv[0][0])], index[("R", kv[0][1])], kv[0][2]))
    verdicts: dict[str, int] = defaultdict(int)
    for (_, _, v), n in links:
        verdicts[v] += n
    fig = go.Figure(go.Sankey(
        arrangement="snap",
        node=dict(
            label=[html(k) for k in lefts] + [html(k) for k in rights],
            pad=8, thickness=14, color=["#4c72b0"] * len(lefts) + ["#55a868"] * len(rights),
            hovertemplate="%{label}: %{value:,} links<extra></extra>",
        ),
        link=dict(
            source=[index[("L", s)] for (s, _, _), _ in links],
            target=[index[("R", t)] for (_, t, _), _ in links],
            value=[n for _, n in links],
            color=[VERDICT_COLOURS.get(v, VERDICT_COLOURS["unanalyzed"]) for (_, _, v), _ in links],
            customdata=[html(v) for (_, _, v), _ in links],
            hovertemplate="%{source.label} → %{target.label}: %{value:,} links (%{customdata})<extra></extra>",
        ),
    ))
    total = sum(verdicts.values()) or 1
    summary = "Flows coloured by verdict: " + ", ".join(
        f"{v} {n:,} ({100 * n / total:.0f}%)" for v, n in sorted(verdicts.items(), key=lambda kv: -kv[1])
    ) + f". Model licenses on the left, repository licenses on the right; the {SANKEY_SIDE} largest on each side, the rest as (other)."
    return _layout(fig, height=620), summary
