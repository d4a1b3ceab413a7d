"""Printing rows as a table, JSON (a list of row objects) or CSV."""

from __future__ import annotations

import csv
import io
import json
from typing import Any, Iterable, Sequence

import click

FORMATS = ("table", "json", "csv")
format_option = click.option(
    "--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True, help="Output format."
)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return "; ".join(_cell(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, float):
        return f"{value:.4g}"
    return str(value)


def _printable(text: str) -> str:
    # Untrusted text (model and repo names) must not move the cursor or recolour the
    # terminal: control characters are shown escaped.
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode() for ch in text)


def render(rows: Sequence[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None, max_width: int = 60) -> str:
    cols = list(columns) if columns else (list(rows[0]) if rows else [])
    if fmt == "json":
        return json.dumps([{c: r.get(c) for c in cols} for r in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(cols)
        for r in rows:
            w.writerow([_cell(r.get(c)) for c in cols])
        return buf.getvalue().rstrip("\n")
    if not rows:
        return "(no rows)"
    cells = [[_printable(_cell(r.get(c))) for c in cols] for r in rows]
    clip = lambda s: s if len(s) <= max_width else s[: max_width - 1] + "…"  # noqa: E731
    cells = [[clip(c) for c in row] for row in cells]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(cols)]
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()  # noqa: E731
    out = [line(cols), line(["-" * w for w in widths])]
    out += [line(row) for row in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)


def echo_rows(rows: Iterable[dict[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> None:
    click.echo(render(list(rows), fmt, columns))
