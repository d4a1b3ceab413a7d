"""Small pieces every page uses: escaping of untrusted text, colours, number formats,
links between pages, tables.

Model ids, card fields, repository names and license strings come from public hubs:
they are untrusted. Anything rendered as Markdown goes through `md()` (every ASCII
punctuation character backslash-escaped, so no link, image, HTML or Streamlit directive
can be formed); anything shown inside a Plotly figure goes through `html()`; tables and
`st.text`/`st.code` show text as text. No HTML is ever allowed through.
"""

from __future__ import annotations

import html as _html
import math
import string
from typing import Any, Iterable
from urllib.parse import quote, urlsplit

import streamlit as st

RELATIONS = ("finetune", "adapter", "merge", "quantized", "distill", "unknown")
RELATION_COLOURS = {
    "finetune": "#1f77b4",
    "adapter": "#9467bd",
    "merge": "#ff7f0e",
    "quantized": "#2ca02c",
    "distill": "#d62728",
    "unknown": "#8c8c8c",
}
# License.family values (docs/schema.md) plus "none" for a model that declares nothing.
FAMILY_COLOURS = {
    "permissive": "#2ca02c",
    "copyleft": "#d62728",
    "cc": "#17becf",
    "cc-nc": "#ff7f0e",
    "rail": "#9467bd",
    "llama": "#1f77b4",
    "gemma": "#e377c2",
    "proprietary": "#393b79",
    "other": "#8c564b",
    "unknown": "#7f7f7f",
    "none": "#c7c7c7",
}
VERDICT_COLOURS = {
    "compatible": "rgba(44,160,44,0.55)",
    "incompatible": "rgba(214,39,40,0.6)",
    "unanalyzed": "rgba(127,127,127,0.45)",
}

MODEL_PAGE = "views/model.py"
SEARCH_PAGE = "views/search.py"

_MD_SPECIAL = set(string.punctuation)


def md(text: Any) -> str:
    """Untrusted text made inert for Streamlit Markdown (labels, titles, captions)."""
    s = "" if text is None else str(text)
    s = " ".join(s.split())  # no line breaks: nothing can start a block
    return "".join("\\" + c if c in _MD_SPECIAL else c for c in s)


def html(text: Any) -> str:
    """Untrusted text made inert inside Plotly labels and hover texts."""
    return _html.escape("" if text is None else str(text), quote=True)


def safe_url(url: Any) -> str | None:
    """An http(s) URL, or None (no javascript:, data: or relative links from the data)."""
    if not isinstance(url, str):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def hub_url(model: dict[str, Any]) -> str | None:
    """The model's page on its hub."""
    url = safe_url(model.get("url"))
    if url:
        return url
    if (model.get("hub") or "huggingface") == "huggingface" and model.get("id"):
        return "https://huggingface.co/" + quote(str(model["id"]), safe="/")
    return None


def fmt_int(n: Any) -> str:
    if n is None:
        return "unknown"
    try:
        return f"{int(n):,}"
    except (TypeError, ValueError):
        return str(n)


def fmt_params(n: Any) -> str:
    if n is None:
        return "unknown"
    n = float(n)
    for unit, size in (("T", 1e12), ("B", 1e9), ("M", 1e6), ("K", 1e3)):
        if n >= size:
            return f"{n / size:.1f}{unit}"
    return f"{n:.0f}"


def short(model_id: str, width: int = 26) -> str:
    name = model_id.split("/", 1)[-1]
    return name if len(name) <= width else name[: width - 1] + "…"


def marker_size(downloads: Any) -> float:
    d = max(0, int(downloads or 0))
    return min(36.0, 9.0 + 3.2 * math.log10(d + 1))


def unknown(value: Any) -> Any:
    """The data says nothing: show `unknown`."""
    if value is None or value == "" or value == []:
        return "unknown"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return value


def table(rows: Iterable[dict[str, Any]], columns: list[str] | None = None, fill_unknown: bool = False, **kw: Any) -> None:
    """Rows as an interactive table (cells are text, never markup)."""
    import pandas as pd

    rows = list(rows)
    if not rows:
        st.caption("No rows.")
        return
    cols = columns or list(rows[0])
    # a column with gaps shown as `unknown` becomes text (one type per column)
    gaps = {c for c in cols if any(r.get(c) is None or r.get(c) == [] for r in rows)} if fill_unknown else set()
    data = []
    for r in rows:
        out = {}
        for c in cols:
            v = r.get(c)
            if isinstance(v, list):
                v = ", ".join("" if x is None else str(x) for x in v)
            if c in gaps:
                v = str(unknown(v))
            out[c] = v
        data.append(out)
    st.dataframe(pd.DataFrame(data, columns=cols), hide_index=True, width="stretch", **kw)


def model_link(model_id: str, label: str | None = None) -> None:
    st.page_link(MODEL_PAGE, label=md(label or model_id), query_params={"id": model_id}, icon=":material/account_tree:")


def entity_link(kind: str, entity_id: str, label: str | None = None) -> None:
    if kind == "model":
        model_link(entity_id, label)
    else:
        icon = ":material/dataset:" if kind == "dataset" else ":material/code:"
        st.page_link(SEARCH_PAGE, label=md(label or entity_id), query_params={kind: entity_id}, icon=icon)

