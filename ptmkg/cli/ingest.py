"""`ptmkg ingest SOURCE ...`: load a source into the store."""

from __future__ import annotations

import json
import time
from pathlib import Path

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.paths import data_home


def rejects_option(fn):  # type: ignore[no-untyped-def]
    return click.option(
        "--rejects",
        type=click.Path(dir_okay=False, path_type=Path),
        default=None,
        help="Where to write rejected records (JSON Lines). Default: ~/.local/share/ptmkg/rejects/SOURCE-TIME.jsonl.",
    )(fn)


def json_option(fn):  # type: ignore[no-untyped-def]
    return click.option("--json", "as_json", is_flag=True, help="Print the load report as JSON.")(fn)


def default_rejects(source: str) -> Path:
    return data_home() / "rejects" / f"{source}-{time.strftime('%Y%m%d-%H%M%S')}.jsonl"


def report(rep, as_json: bool) -> None:  # type: ignore[no-untyped-def]
    if as_json:
        click.echo(json.dumps(rep.as_dict()))
    else:
        click.echo(rep.summary())


@click.group()
def ingest() -> None:
    """Load a source into the graph (merge semantics: loading twice changes nothing)."""


@ingest.command("edge-list")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@rejects_option
@json_option
@pass_ctx
def ingest_edge_list(ctx: Context, path: Path, rejects: Path | None, as_json: bool) -> None:
    """Base-model edges from a CSV with header model_id,base_model_id,relation."""
    from ptmkg.loaders import edge_list

    store = ctx.store(apply_schema=True)
    report(edge_list.load(store, path, rejects or default_rejects(edge_list.SOURCE)), as_json)


COMMANDS = [ingest]
