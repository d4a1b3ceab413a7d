"""`ptmkg ingest hf-api`: models straight from the live Hugging Face Hub API.

Select models (`--model`, `--author`, `--search`), then follow lineage `--depth` hops:
base models up, derivatives down (`hf_api_crawl.py`). Fetching, with retries and
backoff, is `hf_api_client.py`; each Hub answer becomes a hub-stats record and goes
through `hf_mapping.map_model`, the mapping `hf-snapshot` uses, with `source` `hf-api`.

An interrupted crawl (same arguments, endpoint and store) resumes from its checkpoint,
saved after every committed batch; writes are merges, so the records redone after the
last checkpoint duplicate nothing. `--since` makes a crawl incremental.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from ptmkg.errors import InputError
from ptmkg.graph.identity import hf_id, key_of
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.hf_api_client import HubClient, RetryPolicy
from ptmkg.loaders.hf_api_crawl import BATCH_RECORDS, SOURCE, Crawl, CrawlArgs, CrawlCheckpoint, CrawlReport
from ptmkg.loaders.hf_mapping import iso
from ptmkg.loaders.pipeline import LoadReport, Progress, Rejected, RejectsWriter

__all__ = ["SOURCE", "CrawlReport", "command", "load", "parse_since"]


def parse_since(value: str | None) -> str | None:
    """`--since` (a date or an ISO timestamp; UTC unless it says otherwise) as ISO-8601 UTC."""
    if value is None:
        return None
    try:
        return iso(value.strip(), "--since")
    except Rejected as e:
        raise InputError(f"{e}; use a date like 2025-01-31 or 2025-01-31T12:00:00Z") from None


def load(
    store: Store,
    *,
    models: tuple[str, ...] | list[str] = (),
    author: str | None = None,
    search: str | None = None,
    depth: int = 0,
    since: str | None = None,
    limit: int | None = None,
    rejects: Path | None = None,
    resume: bool = True,
    client: HubClient | None = None,
    timeout: float = 30.0,
    policy: RetryPolicy | None = None,
    batch_records: int = BATCH_RECORDS,
    progress: bool | None = None,
    checkpoint_dir: Path | None = None,
) -> CrawlReport:
    """Crawl the Hub from the selected models `depth` hops up and down and load what it
    finds. `client` defaults to a `HubClient` on `HF_ENDPOINT` with `HF_TOKEN`."""
    named: dict[str, str] = {}
    for m in models:  # each model once, as first spelled
        named.setdefault(key_of(hf_id(m)), hf_id(m))
    args = CrawlArgs(tuple(named.values()), author or None, search or None, depth, parse_since(since), limit)
    if not (args.models or args.author or args.search):
        raise InputError("name what to crawl: --model ID (repeatable), --author NAME or --search TEXT")
    if depth < 0 or (limit is not None and limit < 1):
        raise InputError("--depth must be 0 or more and --limit 1 or more")
    client = client or HubClient(timeout=timeout, policy=policy)
    checkpoint = CrawlCheckpoint.for_crawl(args, client.endpoint, store.uri.display(), checkpoint_dir)
    if not resume:
        checkpoint.finish()  # start over: forget an interrupted crawl of the same arguments
    report = CrawlReport(SOURCE, rejects_path=str(rejects) if rejects else None, since=args.since)
    writer = RejectsWriter(rejects)
    bar = Progress(SOURCE, None, progress)
    t0 = time.monotonic()
    try:
        Crawl(store, client, args, report, writer, bar, checkpoint, batch_records).run()
        checkpoint.finish()
    finally:
        writer.close()
        bar.close()
        report.seconds = time.monotonic() - t0
    return report


@click.option(
    "--resume/--no-resume", default=True, show_default=True,
    help="Continue an interrupted crawl with the same arguments and store.",
)
@click.option(
    "--max-wait", type=click.FloatRange(0), default=120.0, metavar="SECONDS", show_default=True,
    help="Cap, in seconds, on the wait a 429 (Retry-After) asks for.",
)
@click.option(
    "--retries", type=click.IntRange(0), default=5, metavar="N", show_default=True,
    help="Retries of a request on 429, 5xx, timeouts, connection errors or a garbled answer.",
)
@click.option(
    "--timeout", type=click.FloatRange(0, min_open=True), default=30.0, metavar="SECONDS", show_default=True,
    help="Seconds to wait for one Hub request.",
)
@click.option(
    "--limit", type=click.IntRange(1), metavar="N",
    help="At most N models from each listing (the --author/--search selection, each model's derivatives), newest first.",
)
@click.option(
    "--since", metavar="DATE",
    help="Incremental: only models modified since DATE (2025-01-31 or an ISO timestamp, UTC) are written; "
    "the --author/--search listing stops at the first older model.",
)
@click.option(
    "--depth", type=click.IntRange(0), default=0, show_default=True, metavar="N",
    help="Follow base models up and derivatives down N hops.",
)
@click.option("--search", metavar="TEXT", help="Every model whose id contains TEXT.")
@click.option("--author", metavar="NAME", help="Every model of this user or organization.")
@click.option(
    "--model", "models", multiple=True, metavar="ID",
    help="A model to load (repeatable): an id or a huggingface.co URL.",
)
@ingest_command(SOURCE)
def command(
    store: Store,
    rejects: Path | None,
    models: tuple[str, ...],
    author: str | None,
    search: str | None,
    depth: int,
    since: str | None,
    limit: int | None,
    timeout: float,
    retries: int,
    max_wait: float,
    resume: bool,
) -> LoadReport:
    """Hugging Face models from the live Hub API (HF_ENDPOINT, HF_TOKEN): the models named,
    an author's or a search's models, and their lineage --depth hops up and down."""
    return load(
        store, models=models, author=author, search=search, depth=depth, since=since, limit=limit,
        rejects=rejects, resume=resume, timeout=timeout, policy=RetryPolicy(retries=retries, max_wait=max_wait),
    )  # fmt: skip
