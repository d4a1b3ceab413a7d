"""The phylogeny drawn: an ECharts option (Streamlit's `st.echarts_chart`, bundled in its
frontend) from a laid-out `phylogeny.View`. Edges are styled by relation kind, nodes
coloured by license family and sized by downloads; labels go to the nodes that fit;
tooltips are escaped HTML. No Streamlit here."""

from __future__ import annotations

from collections import defaultdict
from typing import Any, Mapping

from ptmkg.ui.components import FAMILY_COLOURS, RELATION_COLOURS, RELATIONS, fmt_int, html, marker_size, short
from ptmkg.ui.phylogeny import Lineage, Placed, View

LABEL_CHARS = 20
PLOT_PX = 850.0  # assumed drawing width, for label spacing
CHAR_PX = 6.0  # average width of a label character at font size 10


def _hover(n: Placed, lineage: Lineage) -> str:
    if n.kind in ("more", "below"):
        what = f"{n.count} more {html(n.relation)} " + ("derivative" if n.depth > 0 else "base") + ("s" if n.count != 1 else "")
        if n.kind == "below":
            what = f"{n.count} {'derivative' if n.depth > 0 else 'base model'}{'s' if n.count != 1 else ''} one level further"
        tail = f"<br>{fmt_int(n.hidden)} relatives in these branches" if n.hidden != n.count else ""
        act = "click to show more" if n.kind == "more" else "click to centre on " + html(short(n.target, 60))
        return f"{what}{tail}<br><i>{act}</i>"
    m = n.member
    assert m is not None
    lines = [f"<b>{html(m.id)}</b>"]
    if m.depth:
        lines.append(f"{html(n.relation)} · {abs(m.depth)} level{'s' if abs(m.depth) != 1 else ''} {'below' if m.depth > 0 else 'above'}")
    lines.append(f"downloads (30 d): {fmt_int(m.downloads)}")
    lines.append(f"license family: {html(m.family or 'none declared')}")
    if m.size:
        lines.append(f"{fmt_int(m.size)} {'derivatives' if m.depth >= 0 else 'ancestors'} in its branch")
    if m.outside:
        names = ", ".join(html(short(b, 40)) for b, _ in m.outside[:3])
        more = f" and {len(m.outside) - 3} more" if len(m.outside) > 3 else ""
        lines.append(f"also based on: {names}{more}")
    if m.loaded is False:
        lines.append("<i>only referenced (no record of its own)</i>")
    return "<br>".join(lines)


def _label(n: Placed) -> str:
    if n.kind == "more":
        return f"+{n.count} {n.relation}"
    if n.kind == "below":
        return f"{n.count} {'below' if n.depth > 0 else 'above'}"
    assert n.member is not None
    return short(n.member.id, 40 if n.kind == "centre" else LABEL_CHARS)


def _labels(nodes: Mapping[str, Placed], plot_px: float = PLOT_PX) -> dict[str, str]:
    """Which nodes get a text label and where ('bottom center' / 'top center'): the model,
    the collapsed groups, then the most downloaded models of each level, as many as fit
    without overlapping (two rows of labels per level)."""
    xs = [n.x for n in nodes.values()]
    px_per_unit = plot_px / max(1.0, max(xs) - min(xs) + 1.0)
    levels: dict[int, list[Placed]] = defaultdict(list)
    for n in nodes.values():
        levels[n.depth].append(n)
    out: dict[str, str] = {}
    for level in levels.values():
        level.sort(key=lambda n: (n.kind != "centre", n.kind == "model", n.member.rank if n.member else (n.x,)))
        taken: dict[str, list[tuple[float, float]]] = {"bottom center": [], "top center": []}
        for n in level:
            half = len(_label(n)) * CHAR_PX / 2 + 3
            for slot in ("bottom center", "top center"):
                if n.kind == "centre" or all(abs(n.x - x) * px_per_unit >= half + h for x, h in taken[slot]):
                    taken[slot].append((n.x, half))
                    out[n.key] = slot
                    break
    return out


LEVEL_PX = 120.0  # vertical distance between levels
MIN_SLOT_PX = 26.0  # horizontal distance between neighbouring leaves, at least
# ECharts line types per relation kind (colours: components.RELATION_COLOURS)
LINE_TYPES: dict[str, Any] = {
    "finetune": "solid", "adapter": "dotted", "merge": "dashed", "quantized": [8, 3, 2, 3], "distill": [12, 4], "unknown": [2, 4],
}
COLLAPSED = "collapsed (click)"


def _no_placeholders(text: str) -> str:
    """ECharts expands {a}, {b}, {@x} in tooltip templates: braces from data become entities."""
    return text.replace("{", "&#123;").replace("}", "&#125;")


def figure_height(view: View) -> int:
    depths = [n.depth for n in view.nodes.values()]
    return int(max(420, min(1400, LEVEL_PX * (max(depths) - min(depths)) + 170)))


def figure(view: View, lineage: Lineage) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    """The ECharts option of the phylogeny (a graph series laid out by `layout`), and
    for each of its nodes the click action: ("open", model id) or ("expand", group key).
    Edges are styled by relation kind, nodes coloured by license family (the legend's
    categories) and sized by downloads. ECharts draws labels as plain text; tooltips
    are HTML, so everything in them is escaped."""
    nodes = view.nodes
    labels = _labels(nodes)
    xs = [n.x for n in nodes.values()]
    px = max(MIN_SLOT_PX, PLOT_PX / max(1.0, max(xs) - min(xs) + 1.0))
    families = sorted({(n.member.family or "none") for n in nodes.values() if n.member is not None},
                      key=lambda f: list(FAMILY_COLOURS).index(f) if f in FAMILY_COLOURS else 99)
    categories = [{"name": f if f != "none" else "none declared", "itemStyle": {"color": FAMILY_COLOURS.get(f, FAMILY_COLOURS["other"])}} for f in families]
    categories.append({"name": COLLAPSED, "itemStyle": {"color": "#ffffff", "borderColor": "#555", "borderWidth": 2}, "symbol": "diamond"})
    cat_index = {f: i for i, f in enumerate(families)}
    data: list[dict[str, Any]] = []
    actions: list[tuple[str, str]] = []
    for n in nodes.values():
        item: dict[str, Any] = {
            "id": n.key, "name": _label(n), "value": [round(n.x * px, 2), n.depth],
            "tooltip": {"formatter": _no_placeholders(_hover(n, lineage))},
            "label": {"show": n.key in labels, "position": "top" if labels.get(n.key) == "top center" else "bottom"},
        }
        if n.member is None:
            item.update(category=len(families), symbol="diamond", symbolSize=14,
                        itemStyle={"color": "#ffffff", "borderColor": RELATION_COLOURS.get(n.relation, "#888"), "borderWidth": 2})
            actions.append(("expand" if n.kind == "more" else "open", n.target))
        else:
            m = n.member
            size = marker_size(m.downloads) * (1.3 if n.kind == "centre" else 1.0)
            item.update(category=cat_index[m.family or "none"], symbolSize=round(size, 1))
            style: dict[str, Any] = {"opacity": 0.55 if m.loaded is False else 0.95}
            if n.kind == "centre":
                style.update(borderColor="#000", borderWidth=3)
                item["label"]["fontWeight"] = "bold"
            item["itemStyle"] = style
            actions.append(("open", n.target))
        data.append(item)
    links: list[dict[str, Any]] = []
    for n in nodes.values():
        if n.parent is not None:
            rel = n.relation if n.relation in RELATION_COLOURS else "unknown"
            links.append({"source": n.parent, "target": n.key,
                          "lineStyle": {"color": RELATION_COLOURS[rel], "type": LINE_TYPES[rel], "width": 1.6, "opacity": 0.9}})
    for n in nodes.values():  # the other links of merges, between nodes on screen
        if n.member is None:
            continue
        for other, _rel in n.member.extra:
            if other in nodes:
                links.append({"source": n.key, "target": other,
                              "lineStyle": {"color": "#999", "type": [1, 3], "width": 1, "opacity": 0.45, "curveness": 0.15}})
    ys = [n.depth for n in nodes.values()]
    spec = {
        "animation": False,
        # a hidden cartesian grid, not the graph's own view: the view stretches the drawing
        # (and the node symbols with it) to the box; axes keep circles round
        "grid": {"left": 70, "right": 170, "top": 40, "bottom": 40},
        "xAxis": {"type": "value", "show": False, "min": round((min(xs) - 0.8) * px, 2), "max": round((max(xs) + 0.8) * px, 2)},
        "yAxis": {"type": "value", "show": False, "inverse": True, "min": min(ys) - 0.25, "max": max(ys) + 0.35},
        "dataZoom": [{"type": "inside", "xAxisIndex": 0, "filterMode": "none"}, {"type": "inside", "yAxisIndex": 0, "filterMode": "none"}],
        "tooltip": {"trigger": "item", "confine": True},
        "legend": [{"data": [c["name"] for c in categories], "orient": "vertical", "right": 0, "top": 10,
                    "textStyle": {"fontSize": 11}, "selectedMode": False}],
        "series": [{
            "type": "graph", "layout": "none", "coordinateSystem": "cartesian2d", "selectedMode": "single",
            "categories": categories, "data": data, "links": links,
            "label": {"fontSize": 10, "color": "#444"},
            "emphasis": {"focus": "adjacency", "lineStyle": {"width": 3}},
            "select": {"itemStyle": {"borderColor": "#d62728", "borderWidth": 3}},
            "lineStyle": {"opacity": 0.9},
            "edgeSymbol": ["none", "none"],
        }],
    }
    return spec, actions


def relation_legend() -> str:
    """The relation kinds as Streamlit Markdown in the colours of the edges (trusted text)."""
    marks = {"finetune": "━━", "adapter": "┈┈", "merge": "╍╍", "quantized": "━·", "distill": "━ ━", "unknown": "··"}
    names = {"#1f77b4": "blue", "#9467bd": "violet", "#ff7f0e": "orange", "#2ca02c": "green", "#d62728": "red", "#8c8c8c": "gray"}
    return " ".join(f":{names[RELATION_COLOURS[k]]}[{marks[k]} {k}]" for k in RELATIONS) + " :gray[┄ other base links of a merge]"
