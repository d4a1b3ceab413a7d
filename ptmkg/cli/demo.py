"""`ptmkg demo`: the main job on the bundled real sample."""

from __future__ import annotations

import json
import os
import sys
from contextlib import ExitStack
from importlib import resources

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.loaders.command import default_rejects, print_report, report_merges


def sample_file(name: str):  # type: ignore[no-untyped-def]
    """A file of the bundled real sample (ptmkg/data/sample), as a context manager path."""
    return resources.as_file(resources.files("ptmkg") / "data" / "sample" / name)


def load_sample(store, as_json: bool = False, quiet: bool = False) -> None:  # type: ignore[no-untyped-def]
    """License knowledge, the 4,167-model Hugging Face sample with its lineage, and the
    PeaTMOSS GitHub usage mapping with repository licenses. Idempotent."""
    from ptmkg.loaders import github_usage, hf_snapshot, licenses
    from ptmkg.loaders.identity import resolve_legacy_ids

    say = (lambda *a: None) if quiet else print_report
    with ExitStack() as stack:
        parquet = stack.enter_context(sample_file("hub_stats_frozen.parquet"))
        mapping = stack.enter_context(sample_file("mapping.csv.gz"))
        gh = stack.enter_context(sample_file("all_gh_licenses.json.gz"))
        say(licenses.load(store, rejects=default_rejects(licenses.SOURCE), progress=not quiet and None), as_json)
        say(hf_snapshot.load(store, parquet, default_rejects(hf_snapshot.SOURCE), resume=False, progress=not quiet and None), as_json)
        say(github_usage.load(store, mapping, gh, default_rejects(github_usage.SOURCE), progress=not quiet and None), as_json)
        merged = resolve_legacy_ids(store)
        if not quiet:
            report_merges(merged, as_json)


@click.command()
@click.option("--ui/--no-ui", "ui", default=None,
              help="Serve the explorer after loading (default: only when run in an interactive terminal, "
                   "so scripts and CI get a command that ends).")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address the explorer serves on.")
@click.option("--port", default=8501, show_default=True, type=int, help="Port the explorer serves on.")
@click.option("--no-browser", is_flag=True, help="Serve the explorer without opening a web browser.")
@pass_ctx
def demo(ctx: Context, ui: bool | None, host: str, port: int, no_browser: bool) -> None:
    """Load the bundled real sample (4,167 Hugging Face models with lineage and licenses,
    22,861 GitHub repository -> model links) into the store, print what it holds, then
    serve the explorer on it (in a terminal; `--no-ui` only loads, `--ui` always serves)."""
    store = ctx.store(apply_schema=True)
    click.echo(f"store: {store.describe()}")
    load_sample(store)
    click.echo(json.dumps(store.counts(), indent=2))
    click.echo("loaded. next: ptmkg query list  ·  ptmkg query lineage/base-models -p model_id=jaspionjader/bh-64")
    if ui is None:
        ui = sys.stdin.isatty() and sys.stdout.isatty() and not os.environ.get("CI")
        if not ui:
            click.echo("not an interactive terminal: the explorer was not started; serve it with `ptmkg ui` (or `ptmkg demo --ui`)")
    if not ui:
        return
    from ptmkg.cli.ui import serve

    ctx.close()  # the explorer opens the store read-only; LadybugDB allows one writer
    click.echo("starting the explorer (ptmkg ui) ...")
    serve(ctx.store_uri, host, port, open_browser=not no_browser)


COMMANDS = [demo]
