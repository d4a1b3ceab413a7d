"""Commands about the store itself: stats, schema, clear."""

from __future__ import annotations

import json

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.cli.output import echo_rows


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True, help="Output format.")
@pass_ctx
def stats(ctx: Context, fmt: str) -> None:
    """Count nodes per label and relationships per type."""
    counts = ctx.store(apply_schema=True).counts()
    if fmt == "json":
        click.echo(json.dumps(counts, indent=2))
        return
    rows = [{"kind": "node", "name": k, "count": v} for k, v in counts["nodes"].items()]
    rows += [{"kind": "relationship", "name": k, "count": v} for k, v in counts["relationships"].items()]
    echo_rows(rows, "table")


@click.group()
def schema() -> None:
    """Show or apply the graph schema."""


@schema.command("apply")
@pass_ctx
def schema_apply(ctx: Context) -> None:
    """Create the schema's tables, constraints and indexes (idempotent)."""
    store = ctx.store(apply_schema=True)
    click.echo(f"schema applied to {store.describe()}")


@schema.command("show")
def schema_show() -> None:
    """Print the schema (labels, relationship types, properties) as Markdown."""
    from ptmkg.graph.schema_doc import schema_markdown

    click.echo(schema_markdown())


@click.command()
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@pass_ctx
def clear(ctx: Context, yes: bool) -> None:
    """Delete every node and relationship in the store (the schema stays)."""
    store = ctx.store(apply_schema=True)
    if not yes:
        click.confirm(f"Delete everything in the {store.describe()}?", abort=True)
    store.clear()
    click.echo(f"cleared {store.describe()}")


@click.command()
@pass_ctx
def info(ctx: Context) -> None:
    """Say which store is in use and what it can do."""
    store = ctx.store()
    click.echo(store.describe())
    click.echo("capabilities: " + (", ".join(sorted(store.capabilities)) or "none beyond the common interface"))


COMMANDS = [stats, schema, clear, info]
