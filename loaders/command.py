"""The seam between loaders and the CLI: `@ingest_command(NAME)` turns a loader's
`fn(store, rejects=..., **options) -> LoadReport` into `ptmkg ingest NAME`, with the
options every source shares (--rejects, --json). Loader modules listed in
`ptmkg.loaders.SOURCES` expose such a `command`; the CLI adds each to `ptmkg ingest`.
"""

from __future__ import annotations

import functools
import json
import time
from pathlib import Path
from typing import Any, Callable

import click

from ptmkg.loaders.identity import resolve_legacy_ids
from ptmkg.loaders.pipeline import LoadReport
from ptmkg.paths import data_home


def default_rejects(source: str) -> Path:
    return data_home() / "rejects" / f"{source}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"


def print_report(reports: LoadReport | list[LoadReport], as_json: bool) -> None:
    reps = reports if isinstance(reports, list) else [reports]
    for rep in reps:
        click.echo(json.dumps(rep.as_dict()) if as_json else rep.summary())


def ingest_command(name: str, auto_licenses: bool = True) -> Callable[[Callable[..., Any]], click.Command]:
    """Decorator making `ptmkg ingest NAME` from a load function (its docstring is the help).

    With `auto_licenses`, the license knowledge is loaded first when the store holds no
    License yet, so the first ingest into an empty store brings it along."""

    def deco(fn: Callable[..., Any]) -> click.Command:
        @click.option(
            "--rejects",
            type=click.Path(dir_okay=False, path_type=Path),
            default=None,
            help="Where to write rejected records (JSON Lines: file, record, reason). Default: ~/.local/share/ptmkg/rejects/NAME-TIME.jsonl.",
        )
        @click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")
        @click.pass_context
        @functools.wraps(fn)
        def cmd(ctx: click.Context, rejects: Path | None, as_json: bool, **options: Any) -> None:
            store = ctx.obj.store(apply_schema=True)
            if auto_licenses:
                ensure_license_knowledge(store, as_json)
            print_report(fn(store, rejects=rejects or default_rejects(name), **options), as_json)
            report_merges(resolve_legacy_ids(store), as_json)

        return click.command(name, help=fn.__doc__)(cmd)

    return deco


def report_merges(merged: list[tuple[str, str]], as_json: bool) -> None:
    if not merged or as_json:
        return
    shown = ", ".join(f"{a} -> {b}" for a, b in merged[:5]) + (" ..." if len(merged) > 5 else "")
    click.echo(f"identity: {len(merged)} legacy id(s) merged into their current owner/name ({shown})")


def ensure_license_knowledge(store: Any, as_json: bool = False) -> None:
    """Load the bundled license knowledge when the store has no License node yet."""
    if store.counts()["nodes"]["License"]:
        return
    from ptmkg.loaders import licenses

    print_report(licenses.load(store), as_json)
