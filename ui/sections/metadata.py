"""Model page, metadata: every property the graph holds (`unknown` where it holds none),
its link counts and its page on the hub."""

from __future__ import annotations

from typing import Any

import streamlit as st

from ptmkg.ui.components import fmt_int, fmt_params, hub_url, table, unknown

FIELDS = [
    ("id", "id"), ("author", "author"), ("hub", "hub"), ("task", "task (pipeline tag)"), ("domain", "domain"),
    ("library", "library"), ("parameters", "parameters"), ("downloads", "downloads (30 days)"),
    ("downloads_all_time", "downloads (all time)"), ("likes", "likes"), ("created_at", "created"),
    ("modified_at", "last modified"), ("gated", "gated"), ("gguf", "ships GGUF"), ("languages", "languages"),
    ("license_raw", "license as declared"), ("sha", "snapshot commit"), ("aliases", "other ids"),
    ("source", "loaded from"), ("loaded", "own record loaded"),
    ("bases", "base models"), ("derivatives", "direct derivatives"), ("datasets", "datasets"),
    ("repositories", "GitHub repositories using it"), ("papers", "papers cited"),
]


def _value(name: str, v: Any) -> str:
    if name == "parameters" and v is not None:
        return f"{fmt_params(v)} ({fmt_int(v)})"
    if name in ("downloads", "downloads_all_time", "likes") and v is not None:
        return fmt_int(v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(unknown(v))


def render(model: dict[str, Any]) -> None:
    table([{"field": label, "value": _value(name, model.get(name))} for name, label in FIELDS if name in model])
    url = hub_url(model)
    if url:
        st.link_button("Hub page", url, icon=":material/open_in_new:")
        st.text(url)
