"""The `ptmkg` command line: one module per noun, registered on one group.

Errors that ptmkg understands (bad URI, unreachable server, unknown query, missing
parameter, bad input file) end the command with one line on stderr and a non-zero exit,
never a traceback.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from ptmkg import __version__
from ptmkg.errors import PtmkgError


class Context:
    """What every command shares: the store URI and a lazily opened store."""

    def __init__(self, store_uri: str | None) -> None:
        self.store_uri = store_uri
        self._store: Any = None

    def store(self, apply_schema: bool = False) -> Any:
        from ptmkg.graph.store import open_store

        if self._store is None:
            self._store = open_store(self.store_uri)
        if apply_schema:
            self._store.apply_schema()
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None


pass_ctx = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--store",
    "store_uri",
    envvar="PTMKG_STORE",
    metavar="URI",
    help="Graph store: embedded:PATH (LadybugDB, the default, at ~/.local/share/ptmkg/graph.lbdb) "
    "or bolt://HOST:PORT / neo4j://HOST:PORT (credentials from NEO4J_USER / NEO4J_PASSWORD). "
    "Also read from PTMKG_STORE.",
)
@click.version_option(__version__, prog_name="ptmkg")
@click.pass_context
def main_group(ctx: click.Context, store_uri: str | None) -> None:
    """ptmkg: explore the supply chain of pre-trained ML models as a graph.

    Load models, their base models, datasets, licenses and the GitHub projects that use
    them (`ingest`), then ask lineage and license questions (`query`), open the explorer
    (`ui`) or export the graph (`export`). `ptmkg demo` does it all on the bundled sample.
    """
    ctx.obj = Context(store_uri)
    ctx.call_on_close(ctx.obj.close)


def _register() -> None:
    from ptmkg.cli import demo, export, ingest, neo4j, query, store, ui

    for module in (store, query, ingest, neo4j, demo, export, ui):
        for cmd in module.COMMANDS:
            main_group.add_command(cmd)


_register()


def main(argv: list[str] | None = None) -> None:
    try:
        main_group.main(args=argv, prog_name="ptmkg", standalone_mode=False)
    except PtmkgError as e:
        click.echo(f"ptmkg: error: {e}", err=True)
        sys.exit(1)
    except click.exceptions.Abort:
        click.echo("ptmkg: interrupted", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except click.exceptions.Exit as e:
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("ptmkg: interrupted", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
