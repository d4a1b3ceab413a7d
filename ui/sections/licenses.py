"""Model page, license risk: the model's own licenses, the terms it inherits from its
ancestry (licenses/obligations) and the conflicts the license checks find
(licenses/conflict-*), each with its rule, the ancestor it came from and where the
license fact comes from. Where the data says nothing the page says `unknown`."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ptmkg.ui import data
from ptmkg.ui.components import md, table

CONFLICT_PREFIX = "licenses/conflict-"
BULLETS = 8
OBLIGATION_COLUMNS = [
    "ancestor", "depth", "path", "license", "use_terms", "derivative_terms", "commercial", "copyleft",
    "derivative_license", "use_restrictions", "covers_distillation", "name_prefix", "attribution", "user_cap",
    "license_source", "terms_source",
]
CONFLICT_COLUMNS = [
    "check", "rule", "model_license", "ancestor", "ancestor_license", "depth", "path", "reason",
    "model_license_source", "ancestor_license_source", "model_terms_source", "ancestor_terms_source",
]


def _model_param(name: str) -> str | None:
    from ptmkg.queries import get_query

    names = [p.name for p in get_query(name).params]
    return next((n for n in ("model_id", "model") if n in names), None)


def conflicts(model_id: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows of every conflict check for this model (merge conflicts: the parent pair is
    the 'ancestor'); and the checks that ran."""
    out: list[dict[str, Any]] = []
    ran: list[str] = []
    for name in data.query_names(CONFLICT_PREFIX):
        param = _model_param(name)
        if param is None:
            continue
        rows = data.guarded(lambda: data.query(name, **{param: model_id, "limit": 500}), f"`{name}`")
        if rows is None:
            continue
        ran.append(name[len(CONFLICT_PREFIX):])
        for r in rows:
            row = {"check": name[len(CONFLICT_PREFIX):], **r}
            if "parent" in r:  # a merge: two parents whose licenses cannot both hold
                row["ancestor"] = f"{r.get('parent')} × {r.get('other_parent')}"
                row["ancestor_license"] = f"{r.get('parent_license')} × {r.get('other_license')}"
                row["ancestor_license_source"] = f"{_src(r.get('parent_license_source'))} × {_src(r.get('other_license_source'))}"
                row["ancestor_terms_source"] = f"{r.get('parent_terms_source') or 'unknown'} × {r.get('other_terms_source') or 'unknown'}"
                row.setdefault("depth", 1)
                row.setdefault("path", "merge")
            out.append(row)
    return out, ran


def _src(v: Any) -> str:
    if isinstance(v, list):
        return ", ".join(map(str, v)) or "unknown"
    return str(v) if v else "unknown"


def render(model_id: str, own: list[dict[str, Any]]) -> None:
    st.subheader("Its own licenses")
    if own:
        table(own, ["license", "name", "family", "commercial", "copyleft", "derivative_license", "use_restrictions",
                    "name_prefix", "attribution", "user_cap", "raw", "source", "terms_source"], fill_unknown=True)
    else:
        st.warning("The model declares no license: its terms are unknown.", icon=":material/help:")

    st.subheader("Conflicts found")
    if not any(n.startswith(CONFLICT_PREFIX) for n in data.query_names("licenses/")):
        st.info("Not available: this installation has no `licenses/conflict-*` checks.", icon=":material/construction:")
    else:
        rows, ran = conflicts(model_id)
        if rows:
            st.warning(f"{len(rows)} conflict{'s' if len(rows) != 1 else ''} found by {len({r['check'] for r in rows})} of the {len(ran)} checks.", icon=":material/flag:")
            for r in rows[:BULLETS]:
                up = r.get("depth")
                where = f"{up} level{'s' if up != 1 else ''} up via {r.get('path') or 'unknown'}" if isinstance(up, int) else "unknown distance"
                st.markdown(
                    f"- **{md(r.get('rule') or r['check'])}** from {md(r.get('ancestor') or 'unknown')} "
                    f"({md(r.get('ancestor_license') or 'unknown')}, {md(where)}; license fact seen in "
                    f"{md(_src(r.get('ancestor_license_source')))}): {md(r.get('reason') or 'no reason given')}"
                )
            if len(rows) > BULLETS:
                st.caption(f"… and {len(rows) - BULLETS} more in the table.")
            table(rows, [c for c in CONFLICT_COLUMNS if any(c in r for r in rows)], fill_unknown=True)
        else:
            st.success(f"No conflict found by the {len(ran)} checks ({', '.join(ran)}).", icon=":material/check_circle:")
        st.caption("Only definite findings are reported; terms the data does not settle stay unknown and raise no conflict. Not legal advice.")

    st.subheader("Inherited obligations")
    rows = data.optional_query("licenses/obligations", model_id=model_id)
    if rows is None:
        return
    inherited = [r for r in rows if r.get("depth")]
    silent = sorted({r["ancestor"] for r in inherited if r.get("license") is None})
    reach = [r for r in inherited if r.get("license") is not None and "yes" in (r.get("use_terms"), r.get("derivative_terms"))]
    st.caption(
        f"{len(reach)} license terms from {len({r['ancestor'] for r in reach})} ancestors reach this model; "
        f"{len(silent)} ancestors declare no license (their terms are unknown). use_terms / derivative_terms: "
        "whether that license's use terms and derivative-license terms reach the model (yes / no / unknown)."
    )
    table(rows, [c for c in OBLIGATION_COLUMNS if rows and c in rows[0]], fill_unknown=True)
