"""`ptmkg export`: the graph as RDF (N-Triples, Turtle, JSON-LD) or GraphML."""

from __future__ import annotations

import gzip
import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, Iterator

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.errors import PtmkgError

# Above this many nodes + relationships a whole-graph GraphML export is refused: networkx
# holds the graph in memory, and Gephi cannot lay out more anyway.
GRAPHML_MAX = 2_000_000


class ExportError(PtmkgError):
    """An export that cannot be made as asked (bad option, unwritable output)."""


class Depth(click.ParamType):
    name = "N|all"

    def convert(self, value: Any, param: Any, ctx: Any) -> int | None:
        if value is None or isinstance(value, int):
            return value
        if str(value).strip().lower() == "all":
            return None
        try:
            n = int(value)
        except ValueError:
            self.fail(f"{value!r} is not a number of hops or 'all'", param, ctx)
        if n < 0:
            self.fail("depth cannot be negative", param, ctx)
        return n


_model_option = click.option("--model", "model", metavar="ID", help="Export one model's neighbourhood instead of the whole graph (a Hugging Face id or URL, or a ptmkg key such as pytorchhub:OWNER/REPO:ENTRY).")
_depth_option = click.option("--depth", type=Depth(), default="2", show_default=True, help="With --model: BASED_ON hops to follow up and down ('all' for the whole lineage).")
_output_option = click.option("-o", "--output", "output", metavar="FILE", help="File to write (default: standard output); a name ending in .gz is gzip-compressed.")


@contextmanager
def _open_output(path: str | None) -> Iterator[IO[bytes]]:
    """A binary stream to write to; a file is written under a temporary name and renamed
    when the export succeeds, so a failed export never leaves a truncated file behind."""
    if path is None or path == "-":
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    target = Path(path)
    if target.is_dir():
        raise ExportError(f"output {path} is a directory; give a file name")
    if not target.parent.exists():
        raise ExportError(f"cannot write {path}: directory {target.parent} does not exist")
    tmp = target.with_name(target.name + ".part")
    try:
        raw: IO[bytes] = open(tmp, "wb")
    except OSError as e:
        raise ExportError(f"cannot write {path}: {e.strerror}") from None
    ok = False
    try:
        if target.name.endswith(".gz"):
            with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=6, mtime=0) as gz:
                yield gz  # type: ignore[misc]
        else:
            yield raw
        ok = True
    finally:
        raw.close()
        if ok:
            os.replace(tmp, target)
        else:
            tmp.unlink(missing_ok=True)


def _resolve(store: Any, model: str | None, depth: int | None, depth_given: bool) -> str | None:
    if model is None:
        if depth_given:
            raise ExportError("--depth needs --model (the whole graph has no depth)")
        return None
    from ptmkg.queries import resolve_entity

    return resolve_entity(store, "Model", model)


def _where(output: str | None) -> str:
    return "standard output" if output in (None, "-") else output  # type: ignore[return-value]


@click.group()
def export() -> None:
    """Export the graph for other tools: RDF for linked-data users, GraphML for Gephi.

    The RDF mapping (PROV-O lineage, schema.org, FAIR4ML, DCAT, SPDX license IRIs), the
    IRI rules, the vocabulary and the SHACL shapes are described in docs/rdf.md.
    """


@export.command("rdf")
@click.option("--format", "fmt", type=click.Choice(["nt", "ttl", "jsonld"]), default="nt", show_default=True,
              help="N-Triples, Turtle or JSON-LD. Every format streams: the whole graph is written in constant memory.")
@_output_option
@_model_option
@_depth_option
@click.option("--page-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True, help="Nodes read per query (keyset pagination).")
@click.option("--no-catalog", is_flag=True, help="Leave out the dump's own DCAT/VoID record (generation time, counts).")
@click.option("--quiet", "-q", is_flag=True, help="No progress or summary on standard error.")
@click.pass_context
def rdf(click_ctx: click.Context, fmt: str, output: str | None, model: str | None, depth: int | None,
        page_size: int, no_catalog: bool, quiet: bool) -> None:
    """Write the graph as RDF: the whole graph, or with --model one model's lineage
    neighbourhood (DEPTH hops up and down, with the datasets, licenses, papers,
    organizations and repositories of those models).

    \b
    ptmkg export rdf -o graph.nt.gz
    ptmkg export rdf --format ttl --model meta-llama/Llama-3.1-8B --depth 1
    """
    from ptmkg.export.rdf import export_graph, export_model, stderr_progress

    ctx: Context = click_ctx.find_object(Context)
    store = ctx.store()
    depth_given = click_ctx.get_parameter_source("depth") != click.core.ParameterSource.DEFAULT
    key = _resolve(store, model, depth, depth_given)
    with _open_output(output) as out:
        if key is None:
            stats = export_graph(store, out, fmt, page=page_size, progress=None if quiet else stderr_progress(), catalog=not no_catalog)
        else:
            stats = export_model(store, key, out, fmt, depth, catalog=not no_catalog)
    if not quiet:
        rate = stats.triples / stats.seconds if stats.seconds else 0.0
        nodes, rels = sum(stats.nodes.values()), sum(stats.edges.values())
        click.echo(f"export: wrote {stats.triples:,} triples ({nodes:,} nodes, {rels:,} relationships) "
                   f"to {_where(output)} in {stats.seconds:.1f} s ({rate:,.0f} triples/s)", err=True)
        for reason, n in sorted(stats.map.skipped.items()):
            click.echo(f"export: left out {n:,} value(s): {reason}", err=True)


@export.command("graphml")
@_output_option
@_model_option
@_depth_option
@click.option("--max-elements", type=click.IntRange(1), default=GRAPHML_MAX, show_default=True,
              help="Refuse a whole-graph export above this many nodes + relationships (networkx holds it in memory).")
@click.option("--quiet", "-q", is_flag=True, help="No summary on standard error.")
@click.pass_context
def graphml(click_ctx: click.Context, output: str | None, model: str | None, depth: int | None,
            max_elements: int, quiet: bool) -> None:
    """Write the graph (or with --model one model's neighbourhood) as GraphML, for Gephi,
    yEd, Cytoscape or networkx. Node ids are `Label:key`; every node and edge has a `type`;
    list properties are joined with `;`, missing values left out (docs/rdf.md)."""
    from ptmkg.export.graphml import export_graphml

    ctx: Context = click_ctx.find_object(Context)
    store = ctx.store()
    depth_given = click_ctx.get_parameter_source("depth") != click.core.ParameterSource.DEFAULT
    key = _resolve(store, model, depth, depth_given)
    if key is None:
        counts = store.counts()
        total = sum(counts["nodes"].values()) + sum(counts["relationships"].values())
        if total > max_elements:
            raise ExportError(
                f"the graph holds {total:,} nodes and relationships, more than --max-elements {max_elements:,}: "
                "export one model's neighbourhood (--model ID) or use `ptmkg export rdf`, which streams"
            )
    with _open_output(output) as out:
        g = export_graphml(store, out, key, depth)
    if not quiet:
        click.echo(f"export: wrote {g.number_of_nodes():,} nodes and {g.number_of_edges():,} relationships as GraphML to {_where(output)}", err=True)


COMMANDS = [export]
