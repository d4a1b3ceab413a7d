"""Query console: pick a query of the packs, fill its parameters in a form built from
its header, see the rows and the Cypher that ran. Read-only: only the packs' named
queries run, values go in as parameters; there is no free-form Cypher."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ptmkg.errors import PtmkgError
from ptmkg.queries import ENTITY_TYPES, Param, load_packs
from ptmkg.ui import data
from ptmkg.ui.components import md, table

st.title("Query console")
data.require_data()

packs = load_packs()
names = sorted(packs)
wanted = st.query_params.get("q")
if "console_query" not in st.session_state and wanted in packs:
    st.session_state["console_query"] = wanted
name = st.selectbox("Query", names, key="console_query", help="Every query of the packs (`ptmkg query list`).")
q = packs[name]
st.markdown(f"**{md(q.question)}**")
if q.notes:
    with st.expander("How to read the answer"):
        st.text(q.notes)


def _example(p: Param) -> str:
    return p.example.strip().strip('"')


def _widget(p: Param) -> Any:
    label = f"{p.name} ({p.type})" + ("" if p.required else " — optional")
    key = f"console-{name}-{p.name}"
    helptext = p.doc + (f" Default: {p.default or 'empty'}." if p.default is not None else "")
    if p.type == "int":
        start = int(p.default) if p.default not in (None, "") else int(_example(p) or 0)
        return st.number_input(label, value=start, step=1, key=key, help=helptext)
    if p.type == "float":
        start = float(p.default) if p.default not in (None, "") else float(_example(p) or 0)
        return st.number_input(label, value=start, key=key, help=helptext)
    if p.type == "bool":
        start = str(p.default if p.default is not None else _example(p)).lower() in ("true", "yes", "1")
        return st.checkbox(label, value=start, key=key, help=helptext)
    start = _example(p) if p.required or p.type in ENTITY_TYPES else (p.default or "")
    return st.text_input(label, value=start, key=key, help=helptext, placeholder=_example(p))


with st.form(f"console-form-{name}"):
    values = {p.name: _widget(p) for p in q.params}
    if not q.params:
        st.caption("This query takes no parameters.")
    submitted = st.form_submit_button("Run", type="primary")

if submitted or st.session_state.get("console_ran") == name:
    st.session_state["console_ran"] = name
    given = {k: (v.strip() if isinstance(v, str) else v) for k, v in values.items()}
    given = {k: v for k, v in given.items() if v != ""}
    try:
        bound = q.bind(given, data.get_store())
        rows = data.query(name, **given)
    except PtmkgError as e:
        st.error(str(e), icon=":material/error:")
    else:
        st.caption(f"{len(rows):,} row{'s' if len(rows) != 1 else ''}")
        table(rows, list(q.returns))
        dialect = getattr(data.get_store(), "dialect", "neo4j")
        st.markdown(f"**Cypher that ran** ({md(dialect)} dialect{'' if q.has_variant(dialect) else ', the main text'}) with parameters:")
        st.json(bound)
        st.code(q.text_for(dialect), language="cypher")
