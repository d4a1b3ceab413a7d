"""Dashboards: the figures of the PeaTMOSS study, live from the graph (stats/* and
licenses/peatmoss-flows)."""

from __future__ import annotations

import streamlit as st

from ptmkg.ui import charts, data

st.title("Dashboards")
st.caption("The PeaTMOSS study's figures, computed live from the graph with the stats and license query packs.")
data.require_data()

left, right = st.columns(2)
with left:
    st.subheader("Metadata completeness")
    rows = data.optional_query("stats/metadata-completeness")
    if rows is not None:
        st.plotly_chart(charts.completeness(rows), width="stretch", key="dash_completeness")
with right:
    st.subheader("Models per domain")
    rows = data.optional_query("stats/models-per-domain")
    gh = data.optional_query("stats/github-models-per-domain") if data.has_query("stats/github-models-per-domain") else None
    if rows is not None:
        st.plotly_chart(charts.per_domain(rows, gh), width="stretch", key="dash_domains")

st.subheader("Models created per month, per domain")
rows = data.optional_query("stats/created-per-month")
if rows is not None:
    st.plotly_chart(charts.per_month(rows), width="stretch", key="dash_created")

st.subheader("Median parameter count over time")
rows = data.optional_query("stats/median-parameters-per-month")
if rows is not None:
    st.plotly_chart(charts.median_parameters(rows), width="stretch", key="dash_parameters")

st.subheader("License flow: model license → GitHub repository license")
MATRICES = ["paper", "peatmoss-lf", "osadl", "modelgo", "curated", "ml-terms", "all"]
matrix = st.selectbox("Verdicts from", MATRICES, key="dash_matrix",
                      help="paper: the study's own table as its script ran; the others: one COMPATIBLE_INTO source of the graph, "
                      "the verdicts from the normalized ML license terms, or all of them (a no wins over a yes).")
rows = data.optional_query("licenses/peatmoss-flows", matrix=matrix)
if rows is not None:
    if rows:
        fig, summary = charts.license_sankey(rows)
        st.plotly_chart(fig, width="stretch", key="dash_sankey")
        st.caption(summary)
    else:
        st.info("No repository -> model link with licenses on both ends in the graph.")
