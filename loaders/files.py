"""Opening input files: plain or gzip, with one clear error when a file is missing."""

from __future__ import annotations

import gzip
import io
from pathlib import Path
from typing import IO

from ptmkg.errors import InputError


def check_file(path: Path | str, what: str = "input") -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError(f"{what} file {p} does not exist")
    if p.is_dir():
        raise InputError(f"{what} {p} is a directory, expected a file")
    return p


def open_text(path: Path | str) -> IO[str]:
    """Open a text file for reading, transparently gunzipping `*.gz`. Undecodable bytes
    are replaced (and the record that holds them is usually rejected by its mapper)."""
    p = check_file(path)
    if p.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(p, "rb"), encoding="utf-8", errors="replace", newline="")
    return open(p, encoding="utf-8", errors="replace", newline="")
