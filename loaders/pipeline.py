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
    noted: int = 0  # loaded, with notes in the report
    skipped: int = 0  # already loaded by an interrupted run that this one resumed
    rejects_path: str | None = None
    seconds: float = 0.0
    reasons: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        line = f"{self.source}: read {self.read:,} / loaded {self.loaded:,} / rejected {self.rejected:,}"
        if self.noted:
            line += f" ({self.noted:,} loaded with notes)"
        if self.skipped:
            line += f"; resumed after {self.skipped:,} records loaded before"
        line += (
            f"; wrote {self.written.nodes:,} nodes, {self.written.refs:,} referenced nodes, "
            f"{self.written.rels:,} relationships in {self.seconds:.1f} s"
        )
        if (self.rejected or self.noted) and self.rejects_path:
            line += f"; report: {self.rejects_path}"
        return line

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "read": self.read,
            "loaded": self.loaded,
            "rejected": self.rejected,
            "noted": self.noted,
            "skipped": self.skipped,
            "nodes": self.written.nodes,
            "referenced": self.written.refs,
            "relationships": self.written.rels,
            "seconds": round(self.seconds, 3),
            "rejects": self.rejects_path,
            "reasons": self.reasons,
        }


class RejectsWriter:
    """Appends rejected records to a JSON Lines report, opened on the first reject."""

    def __init__(self, path: Path | str | None) -> None:
        self.path = Path(path) if path is not None else None
        self._fh: Any = None

    def write(self, raw: Raw, reason: str, status: str = "rejected") -> None:
        """One report line: `status` is `rejected` (not loaded) or `note` (loaded)."""
        if self.path is None:
            return
        if self._fh is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._fh = open(self.path, "w", encoding="utf-8")
        excerpt = raw.value if isinstance(raw.value, str) else json.dumps(raw.value, ensure_ascii=False, default=str)
        line = {"file": raw.file, "record": raw.record, "status": status, "reason": reason, "excerpt": excerpt[:500]}
        self._fh.write(json.dumps(line, ensure_ascii=False) + "\n")

    def close(self) -> None:
        if self._fh is not None:
            self._fh.close()


class Progress:
    """Progress on stderr: a bar (tqdm) when it is a terminal; otherwise (a log file, a
    CI job) one plain line every LOG_EVERY seconds. `enabled=False` silences it."""

    LOG_EVERY = 30.0

    def __init__(self, desc: str, total: int | None, enabled: bool | None = None) -> None:
        self.bar = None
        self.desc, self.total, self.done = desc, total, 0
        self.log = enabled is None and not sys.stderr.isatty()
        self.started = self.last = time.monotonic()
        if enabled is None:
            enabled = sys.stderr.isatty()
        if enabled:
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, unit=" rec", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)

    def update(self, n: int, **postfix: Any) -> None:
        self.done += n
        if self.bar is not None:
            self.bar.update(n)
            if postfix:
                self.bar.set_postfix(postfix, refresh=False)
        elif self.log and time.monotonic() - self.last >= self.LOG_EVERY:
            self.last = now = time.monotonic()
            of = f" of {self.total:,}" if self.total else ""
            extra = "".join(f", {k} {v:,}" if isinstance(v, int) else f", {k} {v}" for k, v in postfix.items())
            rate = self.done / max(now - self.started, 1e-9)
            print(f"{self.desc}: {self.done:,}{of} records ({rate:,.0f} rec/s{extra})", file=sys.stderr, flush=True)

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
    retraction: Callable[[Any, Batch], Iterable[Retraction]] | None = None,
    progress: bool | None = None,
    checkpoint: "Checkpoint | None" = None,
    resolve_aliases: bool = True,
) -> LoadReport:
    """Map and write records in batches; bad records go to the rejects report.

    `retraction(raw_value, batch)` names outgoing edges of a mapped record that the
    loader owns; they are retracted before the batch is written (incremental updates).
    With a `checkpoint`, records committed by an earlier, interrupted run of the same input
    are skipped, and progress is saved after every committed batch. Model ids that are
    known aliases (legacy ids) are rewritten to their canonical node before writing.
    """
    from ptmkg.loaders.identity import alias_map, apply_aliases

    aliases = alias_map(store) if resolve_aliases else {}
    report = LoadReport(source, rejects_path=str(rejects) if rejects else None)
    writer = RejectsWriter(rejects)
    skip = checkpoint.done() if checkpoint else 0
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
        report.written += store.write(batch, checked=True)  # each record was validated alone
        batch.clear()
        pending.clear()
        bar.update(in_batch, rejected=report.rejected)
        in_batch = 0
        if checkpoint is not None:
            checkpoint.save(report.read)

    try:
        for raw in records:
            report.read += 1
            if report.read <= skip:
                report.skipped += 1
                continue
            in_batch += 1
            try:
                mapped = mapper(raw.value)
                _validate(mapped)
            except (Rejected, SchemaError) as e:
                reason = str(e)
                report.rejected += 1
                kind = reason.split(":", 1)[0][:60]
                report.reasons[kind] = report.reasons.get(kind, 0) + 1
                writer.write(raw, reason)
                continue
            apply_aliases(mapped, aliases)
            if mapped.notes:
                report.noted += 1
                for note in mapped.notes:
                    writer.write(raw, note, status="note")
            if retraction is not None:
                for r in retraction(raw.value, mapped):
                    slot = pending.setdefault((r.type, r.from_label, r.sources), Retraction(r.type, r.from_label, r.sources))
                    slot.keys.extend(r.keys)
            batch.extend(mapped)
            report.loaded += 1
            if in_batch >= batch_records:
                flush()
        flush()
        if checkpoint is not None:
            checkpoint.finish()
    finally:
        writer.close()
        bar.close()
        report.seconds = time.monotonic() - t0
    return report


class Checkpoint:
    """How many records of one input were committed, so an interrupted load resumes.

    The input is identified by its path, size and modification time: a changed file
    starts from the beginning. Merging makes a resumed load correct even without this;
    the checkpoint only saves redoing the work."""

    def __init__(self, path: Path, input_id: str) -> None:
        self.path = path
        self.input_id = input_id

    @classmethod
    def for_file(cls, source: str, input_path: Path, store_id: str) -> "Checkpoint":
        from hashlib import sha1

        from ptmkg.paths import data_home

        st = input_path.stat()
        ident = f"{input_path.resolve()}|{st.st_size}|{st.st_mtime_ns}|{store_id}"
        name = f"{source}-{sha1(ident.encode()).hexdigest()[:16]}.json"
        return cls(data_home() / "checkpoints" / name, ident)

    def done(self) -> int:
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return 0
        return int(data.get("done", 0)) if data.get("input") == self.input_id else 0

    def save(self, done: int) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"input": self.input_id, "done": done}))
        tmp.replace(self.path)

    def finish(self) -> None:
        self.path.unlink(missing_ok=True)


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
