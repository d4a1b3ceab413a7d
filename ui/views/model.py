"""The model page (/model?id=OWNER/NAME): phylogeny, license risk, datasets and
downstream use, metadata. Each section runs its own queries only when it is shown."""

from __future__ import annotations

import streamlit as st

from ptmkg.ui import data
from ptmkg.ui.components import fmt_int, fmt_params, hub_url, md, model_link
from ptmkg.ui.sections import downstream, licenses, metadata, phylogeny_view

SECTIONS = {
    "Phylogeny": "phylogeny",
    "License risk": "licenses",
    "Datasets and downstream": "downstream",
    "Metadata": "metadata",
}

data.require_data()
model_id = (st.query_params.get("id") or "").strip()

if not model_id:
    st.title("Model")
    typed = st.text_input("Model id", placeholder="owner/name, e.g. meta-llama/Llama-3.1-8B", key="model_id_input")
    if typed.strip():
        st.query_params["id"] = typed.strip()
        st.rerun()
    st.caption("Or search on the Find a model page.")
    st.stop()

found = data.guarded(lambda: data.query("ui/model", model_id=model_id), "the model")
if not found:
    st.title(md(model_id))
    # suggestions: the name part, then shorter and shorter prefixes of it
    text, models = model_id.split("/")[-1], []
    while text and not models:
        rows = data.guarded(lambda: data.query("ui/search", text=text, limit=8), "suggestions") or []
        models = [r["id"] for r in rows if r["kind"] == "model"]
        text = text.rsplit("-", 1)[0] if "-" in text else ""
    if models:
        st.caption("Did you mean:")
        for mid in models:
            model_link(mid)
    st.stop()

model = found[0]
model_id = model["id"]  # the spelling the graph uses
st.title(md(model_id))
own = data.guarded(lambda: data.query("ui/model-licenses", model_id=model_id), "its licenses") or []
cols = st.columns(4)
cols[0].metric("Downloads (30 days)", fmt_int(model.get("downloads")))
cols[1].metric("Likes", fmt_int(model.get("likes")))
cols[2].metric("Parameters", fmt_params(model.get("parameters")))
cols[3].metric("Derivatives (direct)", fmt_int(model.get("derivatives")))
facts = [
    ("task", model.get("task")), ("library", model.get("library")), ("created", (model.get("created_at") or "")[:10] or None),
    ("license", ", ".join(f"{r['license']} ({r['family']})" for r in own) or "none declared"),
]
st.caption(" · ".join(f"{k}: {md(v if v is not None else 'unknown')}" for k, v in facts))
url = hub_url(model)
if url:
    st.link_button("Open on the hub", url, icon=":material/open_in_new:")
if model.get("loaded") is False:
    st.caption("Only referenced by other records: the graph has no record of this model's own.")

# The section shown is in the URL (?section=licenses), so a page can be linked directly.
wanted = st.query_params.get("section")
labels = list(SECTIONS)
if "model_section" not in st.session_state and wanted in SECTIONS.values():
    st.session_state["model_section"] = labels[list(SECTIONS.values()).index(wanted)]
section = st.radio("Section", labels, horizontal=True, key="model_section", label_visibility="collapsed")
if st.query_params.get("section") != SECTIONS[section]:
    st.query_params["section"] = SECTIONS[section]

if section == "Phylogeny":
    phylogeny_view.render(model_id)
elif section == "License risk":
    licenses.render(model_id, own)
elif section == "Datasets and downstream":
    downstream.render(model_id)
else:
    metadata.render(model)
