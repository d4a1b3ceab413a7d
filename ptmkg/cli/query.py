"""`ptmkg query`: run a named query from the packs, list them, or print one for Neo4j Browser."""

from __future__ import annotations

import json

import click

from ptmkg.cli import Context, pass_ctx
from ptmkg.cli.output import echo_rows, format_option
from ptmkg.errors import ParameterError


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise ParameterError(f"--param wants NAME=VALUE, got {pair!r}")
        out[name.strip()] = value
    return out


def _cypher_literal(value: object) -> str:
    # For the :param lines printed for Neo4j Browser; JSON string escaping is valid Cypher.
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def browser_text(q, given: dict[str, str], dialect: str = "neo4j") -> str:  # type: ignore[no-untyped-def]
    """A query ready to paste into Neo4j Browser: `:param` lines (given values, else the
    header's examples; entities as keys), then the Cypher."""
    values = {p.name: given.get(p.name, p.example.strip().strip('"')) for p in q.params}
    lines = [f"// {q.full_name}: {q.question}"]
    lines += [f":param {k} => {_cypher_literal(v)};" for k, v in q.bind(values).items()]
    lines += [q.text_for(dialect), ""]
    return "\n".join(lines)


def list_queries() -> list[dict[str, str]]:
    from ptmkg.queries import load_packs

    rows = []
    for name, q in load_packs().items():
        params = ", ".join(f"{p.name} ({p.type}{'' if p.required else ', optional'})" for p in q.params)
        rows.append({"query": name, "question": q.question, "parameters": params, "returns": ", ".join(q.returns)})
    return rows


@click.command(context_settings={"ignore_unknown_options": False})
@click.argument("name", metavar="PACK/NAME|PACK|list")
@click.option("--param", "-p", "params", multiple=True, metavar="NAME=VALUE", help="A query parameter; repeat for several.")
@format_option
@click.option("--show", is_flag=True, help="Print the Cypher with `:param` lines ready to paste into Neo4j Browser instead of running it (a PACK name prints every query of the pack with its examples).")
@click.option("--dialect", type=click.Choice(["neo4j", "ladybug"]), default="neo4j", show_default=True, help="With --show: which variant to print.")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), metavar="SECONDS", help="Stop the query after this many seconds (an error, not a partial answer). Whole-graph scans of a big graph can take long.")
@pass_ctx
def query(ctx: Context, name: str, params: tuple[str, ...], fmt: str, show: bool, dialect: str, timeout: float | None) -> None:
    """Run a named query: `ptmkg query lineage/ancestors -p model_id=ORG/NAME`.

    `ptmkg query list` lists every pack's queries with their parameters. Entity parameters
    (a model, dataset, repository or license) are looked up in the graph first; one that is
    not there is an error, not an empty answer.
    """
    from ptmkg.queries import get_query

    if name == "list":
        echo_rows(list_queries(), fmt)
        return
    given = _parse_params(params)
    if show:
        from ptmkg.queries import load_packs

        pack = [q for q in load_packs().values() if q.pack == name]
        for q in pack or [get_query(name)]:
            click.echo(browser_text(q, given if not pack else {}, dialect))
        return
    q = get_query(name)
    store = ctx.store()
    bound = q.bind(given, store)  # entity lookups are not limited
    store.timeout = timeout
    rows = store.run(q.text_for(store.dialect), bound)
    echo_rows(rows, fmt, q.returns)


COMMANDS = [query]
