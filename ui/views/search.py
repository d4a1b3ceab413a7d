"""Find a model: search over model, dataset and repository ids (query ui/search), with
suggestions as you go; a dataset or repository opens here with what links it to models."""

from __future__ import annotations

import streamlit as st

from ptmkg.ui import data
from ptmkg.ui.components import entity_link, fmt_int, md, model_link, table

st.title("Find a model")
data.require_data()

params = st.query_params
for kind in ("dataset", "repository"):
    if params.get(kind):
        entity = params[kind]
        st.subheader(f"{kind.capitalize()}: {md(entity)}")
        if kind == "dataset":
            rows = data.optional_query("datasets/built-on", dataset_id=entity)
            if rows is not None:
                st.caption("Models trained on this dataset, directly or through their base models.")
                table(rows, fill_unknown=True)
                ids = sorted({r.get("id") or r.get("model") for r in rows if (r.get("id") or r.get("model"))})
                for mid in ids[:20]:
                    model_link(mid)
        else:
            rows = data.guarded(lambda: data.query("ui/repository", repository_id=entity), "the repository")
            if rows is not None:
                st.caption("Models this repository loads (PeaTMOSS mapping), with both licenses.")
                table(rows, fill_unknown=True)
                for mid in sorted({r["model"] for r in rows})[:30]:
                    model_link(mid)
        st.divider()

text = st.text_input(
    "Search model, dataset and repository ids",
    key="search_text",
    placeholder="e.g. llama-3.1-8b, qwen2.5, squad, huggingface/transformers",
    help="Any part of an id, any case. Results appear as you press Enter.",
)

if text and text.strip():
    rows = data.guarded(lambda: data.query("ui/search", text=text.strip(), limit=10), "search results") or []
    if not rows:
        st.info(f"Nothing in the graph has an id containing {md(text.strip())}.")
    for kind, title in (("model", "Models"), ("dataset", "Datasets"), ("repository", "Repositories")):
        found = [r for r in rows if r["kind"] == kind]
        if not found:
            continue
        st.markdown(f"**{title}**")
        for r in found:
            cols = st.columns([5, 1])
            with cols[0]:
                entity_link(kind, r["id"])
            if kind == "model":
                cols[1].caption(f"{fmt_int(r['downloads'])} downloads" if r["downloads"] is not None else "only referenced")
else:
    st.caption("Or start from one of the largest families:")
    roots = data.guarded(lambda: data.query("lineage/roots", limit=10), "the largest families") or []
    for r in roots:
        cols = st.columns([5, 1])
        with cols[0]:
            model_link(r["id"])
        cols[1].caption(f"{fmt_int(r['descendants'])} descendants")
