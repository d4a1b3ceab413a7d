"""`ptmkg demo`: the main job on the bundled real data."""

from __future__ import annotations

import json
from importlib import resources

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.loaders.command import default_rejects


def bundled(name: str):  # type: ignore[no-untyped-def]
    return resources.files("ptmkg") / "data" / name


@click.command()
@pass_ctx
def demo(ctx: Context) -> None:
    """Load the bundled real fixture into the store and print its statistics."""
    from ptmkg.loaders import edge_list

    store = ctx.store(apply_schema=True)
    click.echo(f"store: {store.describe()}")
    with resources.as_file(bundled("fixture/lineage-edges.csv")) as path:
        rep = edge_list.load(store, path, default_rejects(edge_list.SOURCE))
    click.echo(rep.summary())
    click.echo(json.dumps(store.counts(), indent=2))


COMMANDS = [demo]
