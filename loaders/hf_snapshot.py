"""`ptmkg ingest hf-snapshot PATH`: the public `hub-stats` models table (Parquet or JSON
Lines, optionally gzipped), streamed record by record: the whole Hub (about 3 million
models) never sits in memory. Mapping: `loaders/hf_mapping.py`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import click

from ptmkg.errors import InputError
from ptmkg.graph.store import Store
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.files import check_file, open_text
from ptmkg.loaders.hf_mapping import SOURCE, map_model, owned_edges
from ptmkg.loaders.pipeline import Checkpoint, LoadReport, Raw, run

# The columns the mapping reads (the upstream file has more).
COLUMNS = (
    "id author createdAt lastModified downloads downloadsAllTime likes tags cardData "
    "safetensors gguf baseModels pipeline_tag library_name gated"
).split()
PARQUET_BATCH = 2000


def _is_parquet(path: Path) -> bool:
    with open(path, "rb") as fh:
        return fh.read(4) == b"PAR1"


def count_records(path: Path) -> int | None:
    """Rows in a Parquet file (from its footer); None for JSON Lines (not counted ahead)."""
    if _is_parquet(path):
        import pyarrow.parquet as pq

        return pq.ParquetFile(path).metadata.num_rows
    return None


def fetch(path: Path) -> Iterator[Raw]:
    """Records of a hub-stats file, one at a time."""
    path = check_file(path, "snapshot")
    if _is_parquet(path):
        yield from _fetch_parquet(path)
    else:
        yield from _fetch_jsonl(path)


def _fetch_parquet(path: Path) -> Iterator[Raw]:
    import pyarrow.parquet as pq

    try:
        pf = pq.ParquetFile(path)
    except Exception as e:  # pyarrow raises several types for a broken file
        raise InputError(f"{path}: not a readable Parquet file ({e})") from None
    names = set(pf.schema_arrow.names)
    if "id" not in names:
        raise InputError(f"{path}: no `id` column; is this the hub-stats models table?")
    cols = [c for c in COLUMNS if c in names]
    row = 0
    for batch in pf.iter_batches(batch_size=PARQUET_BATCH, columns=cols):
        for rec in batch.to_pylist():
            row += 1
            yield Raw(str(path), f"row {row}", _drop_null_structs(rec))


def _drop_null_structs(rec: dict[str, Any]) -> dict[str, Any]:
    # Parquet structs carry every field of the union type (safetensors.parameters has a
    # key per dtype, mostly null); the nulls mean "absent".
    st = rec.get("safetensors")
    if isinstance(st, dict) and isinstance(st.get("parameters"), dict):
        st["parameters"] = {k: v for k, v in st["parameters"].items() if v is not None}
    return rec


def _fetch_jsonl(path: Path) -> Iterator[Raw]:
    with open_text(path) as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                value = json.loads(line)
            except ValueError as e:
                # handed to the mapper as text, which rejects it with the reason
                value = _Broken(line.rstrip("\n"), f"broken JSON: {e.msg} at column {e.colno}")
            yield Raw(str(path), f"line {n}", value)


class _Broken(str):
    """A line that is not JSON; the mapper rejects it with `reason`."""

    def __new__(cls, text: str, reason: str) -> "_Broken":
        obj = super().__new__(cls, text)
        obj.reason = reason  # type: ignore[attr-defined]
        return obj


def map_record(value: Any) -> Any:
    if isinstance(value, _Broken):
        from ptmkg.loaders.pipeline import Rejected

        raise Rejected(value.reason)  # type: ignore[attr-defined]
    return map_model(value)


def load(
    store: Store,
    path: Path,
    rejects: Path | None = None,
    progress: bool | None = None,
    resume: bool = True,
    batch_records: int = 2000,
) -> LoadReport:
    path = check_file(path, "snapshot")
    checkpoint = Checkpoint.for_file(SOURCE, path, store.uri.display()) if resume else None
    return run(
        store,
        SOURCE,
        fetch(path),
        map_record,
        rejects=rejects,
        total=count_records(path),
        retraction=owned_edges,
        progress=progress,
        checkpoint=checkpoint,
        batch_records=batch_records,
    )


@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--resume/--no-resume", default=True, show_default=True, help="Skip records an interrupted load of the same file already committed.")
@ingest_command(SOURCE)
def command(store: Store, path: Path, rejects: Path | None, resume: bool) -> LoadReport:
    """Hugging Face models from the hub-stats models table (Parquet or JSON Lines, .gz ok):
    models, organizations, base-model edges with their relation, datasets, licenses, papers."""
    return load(store, path, rejects, resume=resume)
