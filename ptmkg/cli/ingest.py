"""`ptmkg ingest SOURCE ...`: every loader in `ptmkg.loaders.SOURCES` adds its command."""

from __future__ import annotations

import importlib

import click


@click.group()
def ingest() -> None:
    """Load a source into the graph (merge semantics: loading twice changes nothing).

    Bad records are written to a rejects report and the load goes on; the summary line
    says read / loaded / rejected. The first ingest into an empty store also loads the
    bundled license knowledge."""


def _add_sources() -> None:
    from ptmkg.loaders import SOURCES

    for name in SOURCES:
        ingest.add_command(importlib.import_module(f"ptmkg.loaders.{name}").command)


_add_sources()

COMMANDS = [ingest]
