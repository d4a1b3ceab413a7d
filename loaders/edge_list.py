"""Lineage edge lists: CSV rows `model_id,base_model_id,relation` (header required), such
as the edge list derived from the hub-stats sample. The smallest loader: base-model
edges and the models they name (as referenced, not loaded, models)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterator

import click

from ptmkg.graph.identity import hf_id, key_of
from ptmkg.graph.schema import RELATION_KINDS, Batch
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.files import open_text
from ptmkg.loaders.pipeline import LoadReport, Raw, Rejected, run

SOURCE = "edge-list"
COLUMNS = ("model_id", "base_model_id", "relation")


def fetch(path: Path) -> Iterator[Raw]:
    with open_text(path) as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in COLUMNS[:2] if c not in (reader.fieldnames or [])]
        if missing:
            from ptmkg.errors import InputError

            raise InputError(f"{path}: header must name {', '.join(COLUMNS)}; missing {', '.join(missing)}")
        for row in reader:
            yield Raw(str(path), f"line {reader.line_num}", row)


def map_edge(row: dict[str, str]) -> Batch:
    child, base = hf_id(row.get("model_id") or ""), hf_id(row.get("base_model_id") or "")
    if not child or not base:
        raise Rejected("missing id: both model_id and base_model_id are needed")
    relation = (row.get("relation") or "unknown").strip().lower()
    if relation not in RELATION_KINDS:
        raise Rejected(f"unknown relation: {relation!r} is not one of {', '.join(RELATION_KINDS)}")
    b = Batch()
    for mid in (child, base):
        b.ref("Model", key_of(mid), id=mid, loaded=False, hub="huggingface")
    b.rel("BASED_ON", "Model", key_of(child), "Model", key_of(base), relation=relation, source=[SOURCE])
    return b


def load(store: Store, path: Path, rejects: Path | None = None, progress: bool | None = None) -> LoadReport:
    return run(store, SOURCE, fetch(path), map_edge, rejects=rejects, progress=progress)


@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@ingest_command(SOURCE, auto_licenses=False)
def command(store: Store, path: Path, rejects: Path | None) -> LoadReport:
    """Base-model edges from a CSV with header model_id,base_model_id,relation."""
    return load(store, path, rejects)
