"""Model page, datasets and downstream: the datasets the model was trained on, its own
and those inherited from its ancestry (datasets/training-data); the derivatives and
GitHub repositories a change to the model would reach (impact/blast-radius), each
repository with its license and the compatibility verdict for the model it loads
(licenses/app-compatibility)."""

from __future__ import annotations

from collections import Counter
from typing import Any

import streamlit as st

from ptmkg.errors import PtmkgError
from ptmkg.ui import data
from ptmkg.ui.components import fmt_int, md, table

COMPAT = "licenses/app-compatibility"
BLAST = "impact/blast-radius"


def verdicts(repository: str, model: str) -> list[dict[str, Any]]:
    """The app-compatibility rows of one repository for one model it loads."""
    from ptmkg.queries import get_query

    names = {p.name for p in get_query(COMPAT).params}
    param = "repository_id" if "repository_id" in names else "repository"
    rows = data.query(COMPAT, **{param: repository, "matrix": "all", "limit": 1000})
    return [r for r in rows if str(r.get("model", "")).lower() == model.lower()]


def _training_data(model_id: str) -> None:
    st.subheader("Training data")
    rows = data.optional_query("datasets/training-data", model_id=model_id)
    if rows is None:
        return
    if not rows:
        st.info("The graph knows no dataset for this model or its ancestors: unknown, not none.", icon=":material/help:")
        return
    own = sum(1 for r in rows if not r.get("depth"))
    st.caption(f"{own} declared by the model itself (depth 0), {len(rows) - own} inherited from ancestors (depth = levels up, through = the ancestor that declares it).")
    table(rows, fill_unknown=True)


def render(model_id: str) -> None:
    _training_data(model_id)

    st.subheader("Downstream: repositories that load it or its derivatives")
    rows = data.optional_query(BLAST, model_id=model_id, limit=100000)
    if rows is None:
        return
    derivatives = [r for r in rows if r["kind"] == "model"]
    repos = [r for r in rows if r["kind"] == "repository"]
    c = st.columns(3)
    c[0].metric("Derivatives (any depth)", fmt_int(len(derivatives)))
    c[1].metric("Repositories reached", fmt_int(len(repos)))
    c[2].metric("…of them loading the model itself", fmt_int(sum(1 for r in repos if r.get("depth") == 0)))
    if not repos:
        st.info("No GitHub repository in the graph loads this model or any of its derivatives.", icon=":material/info:")
        return
    top = st.slider("Repositories with license verdicts", 5, min(200, max(5, len(repos))), min(25, len(repos)), key="downstream_top",
                    help="Repositories are ranked by the downloads of the model they load; the verdict is computed for the first ones.")
    shown: list[dict[str, Any]] = []
    problem = None
    if not data.has_query(COMPAT):
        problem = f"Not available: this installation has no `{COMPAT}` query."
    for r in repos[:top]:
        row = {"repository": r["id"], "loads": r["via"], "levels below": r["depth"], "model downloads": r["downloads"]}
        if problem is None:
            try:
                found = verdicts(r["id"], r["via"])
            except PtmkgError as e:
                problem = f"License verdicts not available: {e}"
                shown.append(row)
                continue
            row["repository license"] = ", ".join(sorted({str(v.get("repository_license") or "none") for v in found})) or "unknown"
            row["model license"] = ", ".join(sorted({str(v.get("model_license") or "none") for v in found})) or "unknown"
            row["verdict"] = ", ".join(sorted({str(v.get("verdict") or "unknown") for v in found})) or "unknown"
            row["verdict source"] = ", ".join(sorted({str(v.get("verdict_source")) for v in found if v.get("verdict_source")})) or "unknown"
        shown.append(row)
    if problem:
        st.info(problem, icon=":material/construction:")
    else:
        counts = Counter(r["verdict"] for r in shown)
        st.caption("Verdicts of the first {} repositories: {}. `unknown` is never counted as compatible: a repository or model without a license, or a pair no source covers.".format(
            len(shown), ", ".join(f"{md(k)} {n}" for k, n in counts.most_common())))
    table(shown, fill_unknown=True)
    if len(repos) > top:
        with st.expander(f"All {len(repos):,} repositories (without verdicts)"):
            table([{"repository": r["id"], "loads": r["via"], "levels below": r["depth"], "model downloads": r["downloads"]} for r in repos])
