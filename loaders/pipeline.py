"""The loading pipeline every source shares: fetch -> map -> batch -> store.

A loader provides two things, kept apart: a *fetcher* that yields raw records with where
each came from (file and line or id), and a *mapper*, a pure function from one raw record
to a `Batch` of graph rows, which raises `Rejected` with a reason when the record cannot
be mapped. The pipeline writes batches through the store interface, reports progress,
and writes every rejected record to a rejects report (JSON Lines: file, record, reason,
excerpt) while the load goes on. Loads are idempotent: every write is a merge.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store, WriteStats
from ptmkg.errors import SchemaError


class Rejected(Exception):
    """A record that cannot be mapped; the message says why."""


@dataclass
class Raw:
    """One raw record and where it came from."""

    file: str
    record: str  # line number, row number or id: enough to find it again
    value: Any


@dataclass
class Retraction:
    """Before writing records, forget what these sources said about the outgoing
    relationships of these nodes (so an edge gone from a newer snapshot goes away)."""

    type: str
    from_label: str
    sources: tuple[str, ...]
    keys: list[str] = field(default_factory=list)


@dataclass
class LoadReport:
    source: str
    read: int = 0
    loaded: int = 0
    rejected: int = 0
    written: WriteStats = field(default_factory=WriteStats)
    rejects_path: str | None = None
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        line = (
            f"{self.source}: read {self.read:,} / loaded {self.loaded:,} / rejected {self.rejected:,} "
            f"({self.written.nodes:,} nodes, {self.written.refs:,} referenced, {self.written.rels:,} relationships "
            f"written in {self.seconds:.1f} s)"
        )
        if self.rejected and self.rejects_path:
            line += f"; rejects: {self.rejects_path}"
        return line

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "nodes": self.written.nodes,
            "referenced": self.written.refs,
            "relationships": self.written.rels,
            "seconds": round(self.seconds, 3),
            "rejects": self.rejects_path,
            "reasons": self.reasons,
        }


class RejectsWriter:
    """Appends rejected records to a JSON Lines report, opened on the first reject."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._fh: Any = None

    def write(self, raw: Raw, reason: str) -> None:
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")
        excerpt = raw.value if isinstance(raw.value, str) else json.dumps(raw.value, ensure_ascii=False, default=str)
        self._fh.write(
            json.dumps({"file": raw.file, "record": raw.record, "reason": reason, "excerpt": excerpt[:500]}, ensure_ascii=False) + "\n"
        )

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class Progress:
    """A progress bar on stderr when it is a terminal (tqdm), silent otherwise."""

    def __init__(self, desc: str, total: int | None, enabled: bool | None = None) -> None:
        self.bar = None
        if enabled is None:
            enabled = sys.stderr.isatty()
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit=" rec", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def update(self, n: int, **postfix: Any) -> None:
        if self.bar is not None:
            self.bar.update(n)
            if postfix:
                self.bar.set_postfix(postfix, refresh=False)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def run(
    store: Store,
    source: str,
    records: Iterable[Raw],
    mapper: Callable[[Any], Batch],
    *,
    rejects: Path | None = None,
    batch_records: int = 2000,
    total: int | None = None,
    retraction: Callable[[Any, Batch], Retraction | None] | None = None,
    progress: bool | None = None,
    after_write: Callable[[int], None] | None = None,
) -> LoadReport:
    """Map and write records in batches; bad records go to the rejects report.

    `retraction(raw_value, batch)` may name outgoing edges of the mapped records that the
    loader owns; they are retracted before the batch is written (incremental updates).
    `after_write(records_done)` is called after each committed batch (checkpoints).
    """
    report = LoadReport(source, rejects_path=str(rejects) if rejects else None)
    writer = RejectsWriter(rejects)
    bar = Progress(source, total, progress)
    batch = Batch()
    pending: dict[tuple[str, str, tuple[str, ...]], Retraction] = {}
    in_batch = 0
    t0 = time.monotonic()

    def flush() -> None:
        nonlocal in_batch
        if not in_batch:
            return
        for r in pending.values():
            store.retract_sources(r.type, r.from_label, r.keys, list(r.sources))
        report.written += store.write(batch)
        batch.clear()
        pending.clear()
        bar.update(in_batch, rejected=report.rejected)
        in_batch = 0
        if after_write is not None:
            after_write(report.read)

    try:
        for raw in records:
            report.read += 1
            try:
                mapped = mapper(raw.value)
                _validate(mapped)
            except (Rejected, SchemaError) as e:
                reason = str(e)
                report.rejected += 1
                kind = reason.split(":", 1)[0][:60]
                report.reasons[kind] = report.reasons.get(kind, 0) + 1
                writer.write(raw, reason)
                in_batch += 1
                continue
            if retraction is not None:
                r = retraction(raw.value, mapped)
                if r is not None:
                    slot = pending.setdefault((r.type, r.from_label, r.sources), Retraction(r.type, r.from_label, r.sources))
                    slot.keys.extend(r.keys)
            batch.extend(mapped)
            report.loaded += 1
            in_batch += 1
            if in_batch >= batch_records:
                flush()
        flush()
    finally:
        writer.close()
        bar.close()
        report.seconds = time.monotonic() - t0
    return report


def _validate(batch: Batch) -> None:
    """Check a mapped record against the schema before it joins a batch, so one bad
    record is rejected alone instead of failing the whole write."""
    from ptmkg.graph import schema as S

    for label, rows in batch.nodes.items():
        nt = S.node_type(label)
        for row in rows:
            S.check_node_row(nt, row)
    for label, refs in batch.refs.items():
        nt = S.node_type(label)
        for row in refs.values():
            S.check_node_row(nt, row)
    for (type_, a, b), rows in batch.rels.items():
        rt = S.rel_type(type_)
        S.check_endpoints(rt, a, b)
        for row in rows:
            S.check_rel_row(rt, row)


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(line number, text) of a text file, gzip or not, without holding it in memory."""
    from ptmkg.loaders.files import open_text

    with open_text(path) as fh:
        for i, line in enumerate(fh, 1):
            yield i, line
