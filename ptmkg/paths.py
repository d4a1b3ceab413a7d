"""Where ptmkg keeps per-user state: the default embedded graph, the Neo4j download cache
and its server homes. Nothing is written inside the repository."""

from __future__ import annotations

import os
from pathlib import Path


def data_home() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "ptmkg"


def cache_home() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ptmkg"


def default_embedded_path() -> Path:
    return data_home() / "graph.lbdb"
