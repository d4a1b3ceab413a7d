"""Store access for the explorer: one cached connection per store URI, query results
cached per (store, query, parameters) with a time to live, and errors turned into
messages a person can read.

The store URI comes from `PTMKG_STORE` (`ptmkg ui` sets it from `--store`); empty means
the default embedded store. The embedded store is opened read-only: LadybugDB allows one
writer, and the explorer never writes. Only named queries from the packs run here, with
values passed as parameters.
"""

from __future__ import annotations

import os
from decimal import Decimal
from typing import Any, Callable, TypeVar

import streamlit as st

from ptmkg.errors import NotInGraph, PtmkgError, StoreUnavailable

#: seconds a query result stays cached (the graph changes only when someone ingests)
TTL = 600
T = TypeVar("T")

# Tests may hand the explorer an open store instead of a URI (AppTest runs in-process,
# beside a session fixture that already holds the embedded sample).
_injected: Any = None


def inject_store(store: Any) -> None:
    """Use this open store instead of opening `PTMKG_STORE` (tests); None undoes it."""
    global _injected
    _injected = store
    st.cache_data.clear()
    _lineage.clear()


def store_uri() -> str:
    return os.environ.get("PTMKG_STORE", "").strip()


@st.cache_resource(show_spinner=False)
def _open(uri: str) -> Any:
    from ptmkg.graph.store import open_store, parse_store_uri

    if parse_store_uri(uri or None).is_embedded:
        return open_store(uri or None, read_only=True)
    return open_store(uri)


def get_store() -> Any:
    """The store (opened once per URI and process; a failed open is retried next run)."""
    if _injected is not None:
        return _injected
    return _open(store_uri())


def store_label() -> str:
    """What the explorer is connected to, safe to show (no credentials are ever in it)."""
    if _injected is not None:
        return _injected.describe()
    from ptmkg.graph.store import parse_store_uri

    try:
        parsed = parse_store_uri(store_uri() or None)
    except PtmkgError as e:
        return f"(bad store URI: {e})"
    return f"{'ladybug' if parsed.is_embedded else 'neo4j'} store at {parsed.display()}"


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


@st.cache_data(ttl=TTL, show_spinner=False, max_entries=1024)
def _cached_query(store_key: str, name: str, params: tuple[tuple[str, Any], ...]) -> list[dict[str, Any]]:
    rows = get_store().run_query(name, dict(params))
    return [_plain(r) for r in rows]


def query(name: str, **params: Any) -> list[dict[str, Any]]:
    """Rows of a named query (cached). Raises the ptmkg errors (NotInGraph, StoreUnavailable...)."""
    clean = tuple(sorted((k, v) for k, v in params.items() if v is not None))
    return _cached_query(store_label(), name, clean)


def has_query(name: str) -> bool:
    from ptmkg.queries import load_packs

    return name in load_packs()


def query_names(prefix: str = "") -> list[str]:
    from ptmkg.queries import load_packs

    return sorted(n for n in load_packs() if n.startswith(prefix))


@st.cache_data(ttl=TTL, show_spinner=False)
def _model_count(store_key: str) -> int:
    rows = get_store().run("MATCH (m:Model) RETURN count(m) AS n")
    return int(rows[0]["n"]) if rows else 0


def model_count() -> int:
    return _model_count(store_label())


def require_data() -> None:
    """Stop the page with a message when the store cannot be reached or holds no models."""
    try:
        n = model_count()
    except PtmkgError as e:
        st.error(f"The graph store is not available: {e}", icon=":material/error:")
        st.caption(f"Store: {store_label()}. Start it or pick another with `ptmkg --store URI ui`.")
        st.stop()
    if n == 0:
        st.info(
            "The graph store holds no models yet. Load the bundled sample with "
            "`ptmkg demo --no-ui` (or any source with `ptmkg ingest ...`), then reload this page.",
            icon=":material/info:",
        )
        st.caption(f"Store: {store_label()}")
        st.stop()


def guarded(fn: Callable[[], T], what: str = "this part") -> T | None:
    """Run fn; a ptmkg error becomes a message on the page (never a traceback)."""
    try:
        return fn()
    except NotInGraph as e:
        st.warning(str(e), icon=":material/search_off:")
    except StoreUnavailable as e:
        st.error(f"The graph store is not available: {e}", icon=":material/error:")
    except PtmkgError as e:
        st.error(f"Could not load {what}: {e}", icon=":material/error:")
    return None


def optional_query(name: str, **params: Any) -> list[dict[str, Any]] | None:
    """Rows of a query that may not exist in this installation: None (after a message)
    when the pack does not have it."""
    if not has_query(name):
        st.info(f"Not available: this installation has no `{name}` query.", icon=":material/construction:")
        return None
    return guarded(lambda: query(name, **params), f"`{name}`")



# A resource, not data: shared read-only by every session without being copied (a
# 10,000-descendant lineage takes 0.2 s to unpickle, which cache_data does on every hit).
# Nothing mutates a Lineage after it is built (phylogeny.select only reads it).
@st.cache_resource(ttl=TTL, show_spinner=False, max_entries=64)
def _lineage(store_key: str, model_id: str) -> Any:
    from ptmkg.ui.phylogeny import build_lineage

    model = query("ui/model", model_id=model_id)[0]
    licenses = query("ui/model-licenses", model_id=model_id)
    family = min((r["family"] for r in licenses if r.get("family")), default=None)
    return build_lineage(
        model,
        query("ui/ancestor-links", model_id=model_id),
        query("ui/descendant-links", model_id=model_id),
        query("lineage/base-models", model_id=model_id),
        model_family=family,
    )


def lineage(model_id: str) -> Any:
    """The model's lineage tree (ptmkg.ui.phylogeny.Lineage), built once per TTL."""
    return _lineage(store_label(), model_id)
