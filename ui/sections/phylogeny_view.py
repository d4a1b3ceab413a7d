"""Model page, phylogeny: the interactive lineage tree (ptmkg.ui.phylogeny) with its
controls; clicking a model moves to it, clicking a "+N" node shows more of that group."""

from __future__ import annotations

import streamlit as st

from ptmkg.ui import data
from ptmkg.ui import phylogeny as P
from ptmkg.ui import phylogeny_chart as C
from ptmkg.ui.components import RELATIONS, table

TABLE_ROWS = 1000


def _state(model_id: str) -> dict[str, int]:
    return st.session_state.setdefault("phylo_expanded", {}).setdefault(model_id, {})


def handle_click(model_id: str, action: tuple[str, str], per_group: int) -> None:
    """A click on a node: open a model, or show more of a collapsed group."""
    action, target = action
    st.session_state["phylo_version"] = st.session_state.get("phylo_version", 0) + 1
    if action == "expand" and target:
        expanded = _state(model_id)
        expanded[target] = expanded.get(target, per_group) + max(10, per_group)
        st.rerun()
    elif action == "open" and target and target != model_id:
        st.query_params["id"] = target
        st.rerun()


def render(model_id: str) -> None:
    c = st.columns([1, 1, 1, 2])
    depth_down = c[0].slider("Levels below", 1, 8, 2, key="phylo_depth_down", help="Derivatives deeper than this collapse into an 'N below' node.")
    depth_up = c[1].slider("Levels above", 1, 12, 3, key="phylo_depth_up", help="Ancestors farther up collapse into an 'N above' node.")
    per_group = c[2].slider("Per relation kind", 1, 30, 5, key="phylo_per_group", help="Under each model, the most downloaded derivatives of each relation kind; the rest collapse into one '+N' node per kind.")
    relations = c[3].multiselect("Relations", list(RELATIONS), default=list(RELATIONS), key="phylo_relations")

    lineage = data.guarded(lambda: data.lineage(model_id), "the lineage")
    if lineage is None:
        return
    if not lineage.ancestors and not lineage.descendants:
        st.info("The graph knows no base model and no derivative of this model.")
        return
    opts = P.ViewOptions(depth_down=depth_down, depth_up=depth_up, per_group=per_group,
                         relations=frozenset(relations), expanded=dict(_state(model_id)))
    view = P.select(lineage, opts)
    P.layout(view)
    spec, actions = C.figure(view, lineage)
    version = st.session_state.get("phylo_version", 0)
    event = st.echarts_chart(spec, key=f"phylo-{version}", on_select="rerun", renderer="svg", height=C.figure_height(view), width="stretch")
    for group in ((event or {}).get("selection") or {}).get("selected") or []:
        if group.get("data_type") in ("node", "main") and group.get("data_indices"):
            idx = group["data_indices"][0]
            if 0 <= idx < len(actions):
                handle_click(model_id, actions[idx], per_group)
    st.markdown(C.relation_legend())
    collapsed = [n for n in view.nodes.values() if n.kind in ("more", "below")]
    st.caption(
        f"Showing {view.shown_up} of {lineage.ancestors} ancestors (above) and {view.shown_down} of "
        f"{lineage.descendants} derivatives (below); {len(collapsed)} collapsed groups (◆: click '+N' to show "
        f"more of that kind, 'N below' / 'N above' to move there). Node colour: license family; size: downloads; "
        f"line style: relation kind. Click a model to move to it."
        + (f" {view.filtered} links hidden by the relation filter." if view.filtered else "")
        + (" The view reached its node limit: narrow it with the controls." if view.truncated else "")
    )
    b1, b2 = st.columns([3, 1])
    shown = sorted(n.member.id for n in view.nodes.values() if n.member is not None and n.kind != "centre")
    if shown:
        target = b1.selectbox("Go to a model in the view", [""] + shown, key=f"phylo_goto-{model_id}", format_func=lambda s: s or "choose…")
        if target:
            st.query_params["id"] = target
            st.rerun()
    if _state(model_id) and b2.button("Collapse all again", key="phylo_reset"):
        _state(model_id).clear()
        st.rerun()

    for title, sign in (("derivatives", 1), ("ancestors", -1)):
        members = [m for m in lineage.members.values() if m.depth * sign > 0]
        if not members:
            continue
        members.sort(key=lambda m: (-(m.downloads if m.downloads is not None else -1), abs(m.depth), m.id.lower()))
        # a toggle, not an expander: the table is only sent (and its code loaded) when asked for
        if st.toggle(f"List all {len(members):,} {title}" + (f" (the {TABLE_ROWS:,} most downloaded)" if len(members) > TABLE_ROWS else ""),
                     key=f"phylo_list_{title}"):
            table(
                [
                    {"id": m.id, "levels": abs(m.depth), "relation": m.relation, "via": m.link, "downloads": m.downloads,
                     "license family": m.family or "none declared", "in its branch": m.size}
                    for m in members[:TABLE_ROWS]
                ]
            )
