"""The hf-api crawl: a breadth-first walk over the Hub's lineage, written in batches.

Two walks from the selected models, each at most `depth` hops: up, to the base models a
fetched record declares (`baseModels`, card, tags: whatever `hf_mapping` reads), and down,
to the models the Hub lists under the `base_model:<id>` tag filter. A derivative's other
bases (siblings of the start) are not followed. Each model key is fetched once and kept
with its best depth per direction; reaching it closer later walks it again from there.

The crawl cannot be a plain `pipeline.run` (the records it maps decide what it fetches
next), so it drives the pipeline's pieces itself: every `batch_records` records it
retracts the edges the records own (`owned_edges`, so an edge removed upstream goes away),
writes the batch, and then saves the crawl state (queue with depths and listing cursors,
what was fetched) atomically. Rejects and notes go to the usual report.
"""

from __future__ import annotations

import json
from collections import deque
from dataclasses import asdict, dataclass, field
from hashlib import sha1
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from ptmkg.errors import SchemaError
from ptmkg.graph.identity import key_of
from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store
from ptmkg.loaders.hf_api_client import BadResponse, FetchFailed, HubClient, HubUnavailable, NotFound
from ptmkg.loaders.hf_mapping import iso, map_model, owned_edges
from ptmkg.loaders.identity import alias_map, apply_aliases
from ptmkg.loaders.pipeline import Checkpoint, LoadReport, Progress, Raw, Rejected, RejectsWriter, Retraction, _validate

SOURCE = "hf-api"
BATCH_RECORDS = 100  # a model costs a request: checkpoint often
# Requests in a row that failed for the server's or the network's sake (after their
# retries) before the crawl calls it an outage and stops, resumable, instead of
# rejecting everything it meets until the Hub is back.
MAX_FAILURES_IN_ROW = 5


@dataclass(frozen=True)
class CrawlArgs:
    """What to crawl. `since` is ISO-8601 UTC (`YYYY-MM-DDTHH:MM:SSZ`)."""

    models: tuple[str, ...] = ()
    author: str | None = None
    search: str | None = None
    depth: int = 0
    since: str | None = None
    limit: int | None = None


@dataclass
class CrawlReport(LoadReport):
    """The load report plus what a crawl adds: models not rewritten because they were not
    modified since `--since`, and referenced base models the Hub does not have."""

    unchanged: int = 0
    missing: int = 0
    since: str | None = None

    def summary(self) -> str:
        line = super().summary()
        if self.unchanged:
            line += f"; {self.unchanged:,} unchanged since {self.since}"
        if self.missing:
            line += f"; {self.missing:,} referenced models not on the Hub (kept as references)"
        return line

    def as_dict(self) -> dict[str, Any]:
        return {**super().as_dict(), "unchanged": self.unchanged, "missing": self.missing}


class CrawlCheckpoint(Checkpoint):
    """The crawl state of one crawl (its arguments, Hub endpoint and store), replaced
    atomically after every committed batch and removed when the crawl completes."""

    @classmethod
    def for_crawl(cls, args: CrawlArgs, endpoint: str, store_id: str, directory: Path | None = None) -> "CrawlCheckpoint":
        from ptmkg.paths import data_home

        ident = json.dumps({"args": asdict(args), "endpoint": endpoint, "store": store_id}, sort_keys=True, default=list)
        name = f"{SOURCE}-{sha1(ident.encode()).hexdigest()[:16]}.json"
        return cls(Path(directory or data_home() / "checkpoints") / name, ident)

    def state(self) -> dict[str, Any] | None:
        """The saved state of this crawl, or None (no checkpoint, or another crawl's)."""
        try:
            data = json.loads(self.path.read_text())
        except (OSError, ValueError):
            return None
        return data.get("state") if data.get("input") == self.input_id else None

    def save_state(self, state: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps({"input": self.input_id, "state": state}))
        tmp.replace(self.path)  # atomic: a crash leaves the old state or the new one


@dataclass
class _State:
    """Queue of tasks (dicts, so they serialize as they are), the best depth at which each
    model key was reached up and down, and every fetched key -> {id, bases}."""

    queue: deque = field(default_factory=deque)
    reached: dict[str, dict[str, int]] = field(default_factory=lambda: {"up": {}, "down": {}})
    fetched: dict[str, dict[str, Any]] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        return {"queue": list(self.queue), "reached": self.reached, "fetched": self.fetched}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "_State":
        return cls(deque(data["queue"]), data["reached"], data["fetched"])


class Crawl:
    """One crawl: a queue of tasks, each fetching a model (`model`) or walking a listing
    (`list`: the --author/--search selection, or the derivatives of one model)."""

    def __init__(
        self,
        store: Store,
        client: HubClient,
        args: CrawlArgs,
        report: CrawlReport,
        writer: RejectsWriter,
        bar: Progress,
        checkpoint: CrawlCheckpoint | None,
        batch_records: int,
    ) -> None:
        self.store, self.client, self.args, self.report = store, client, args, report
        self.writer, self.bar, self.checkpoint, self.batch_records = writer, bar, checkpoint, batch_records
        self.aliases = alias_map(store)
        self.batch = Batch()
        self.pending: dict[tuple[str, str, tuple[str, ...]], Retraction] = {}
        self.in_batch = 0  # records in the batch
        self.handled = 0  # records handled since the last checkpoint (written or not)
        self.streak: list[tuple[str | None, dict[str, Any]]] = []  # transient failures in a row
        saved = checkpoint.state() if checkpoint else None
        if saved is not None:
            self.s = _State.from_json(saved)
            report.skipped = len(self.s.fetched)
        else:
            self.s = _State()
            self._seed()

    def _seed(self) -> None:
        for mid in self.args.models:
            key = key_of(mid)
            self.s.reached["up"][key] = self.s.reached["down"][key] = 0
            self.s.queue.append({"kind": "model", "id": mid, "depth": 0, "dir": "both"})
        if self.args.author or self.args.search:
            self.s.queue.append({"kind": "list", "id": None, "depth": 0, "page": None, "pos": 0, "count": 0})

    def run(self) -> None:
        """Work through the queue; the state is saved after every committed batch."""
        while self.s.queue:
            task = self.s.queue[0]
            if task["kind"] == "model":
                self._model_task(task)
            else:
                self._list_task(task)
            self.s.queue.popleft()
            self._maybe_flush()
        self._flush()

    # -- tasks --------------------------------------------------------------------------
    def _model_task(self, task: dict[str, Any]) -> None:
        mid, depth, key = task["id"], task["depth"], key_of(task["id"])
        if key not in self.s.fetched:
            url = f"{self.client.endpoint}/api/models/{mid}"
            try:
                rec = self.client.model(mid)
            except NotFound:
                self.streak.clear()  # the Hub answers
                self.s.fetched[key] = {"id": mid, "bases": []}
                self.handled += 1
                if task["dir"] == "both":  # asked for by name: an error
                    self._reject(Raw(url, mid, mid), f"not found: the Hub has no model {mid}")
                else:
                    self.report.missing += 1
                    note = f"not found: base model {mid} (of {task.get('via')}) is not on the Hub; it stays a referenced model"
                    self.writer.write(Raw(url, mid, mid), note, status="note")
                return
            except FetchFailed as e:
                self._failed(key, task, e)
                self.s.fetched[key] = {"id": mid, "bases": []}
                self._reject(Raw(url, mid, mid), f"fetch failed: {e}")
                return
            entry = self._take(rec, url)
            # the Hub may answer under another name (a renamed repo): both keys are done
            self.s.fetched[key] = self.s.fetched[key_of(entry["id"])] = entry
        if task["dir"] == "both":
            self._expand_up(key, 0)
            self._expand_down(key, 0)
        elif self.s.reached["up"].get(key, depth) >= depth:  # else reached closer since: stale
            self._expand_up(key, depth)

    def _list_task(self, task: dict[str, Any]) -> None:
        seeds = task["id"] is None
        if not seeds and self.s.reached["down"].get(key_of(task["id"]), task["depth"]) < task["depth"]:
            return  # the model was reached closer since; that listing covers this one
        a = self.args
        if seeds:
            query = self.client.list_query(author=a.author, search=a.search, limit=a.limit)
        else:
            query = self.client.list_query(filter=f"base_model:{task['id']}", limit=a.limit)
        # With --since the listing is newest first; stop at the first older model, unless
        # the listed models are walked further (an old model can have a new derivative).
        stop_at_old = a.since is not None and (seeds or task["depth"] + 1 >= a.depth)
        what, where = self._listing_name(task), self._listing_url(query)
        skip = task["pos"]
        try:
            for page in self.client.pages(query, task["page"]):
                self.streak.clear()
                for i, item in enumerate(page.items[skip:], skip):
                    if isinstance(item, BadResponse):
                        self._reject(Raw(where, what, str(item)), str(item))
                    elif stop_at_old and _modified(item) < a.since:  # type: ignore[operator]
                        return
                    else:
                        self._listed(task, item, where)
                    task["count"] += 1
                    task["pos"] = i + 1
                    if a.limit is not None and task["count"] >= a.limit:
                        return
                    self._maybe_flush()
                skip = 0
                task["page"], task["pos"] = page.next_url, 0
        except FetchFailed as e:
            self._failed(None, task, e)
            self._reject(Raw(where, what, json.dumps(query)), f"listing failed: {e}")

    def _failed(self, key: str | None, task: dict[str, Any], e: FetchFailed) -> None:
        """Count a failed request; at MAX_FAILURES_IN_ROW transient ones in a row, stop:
        the failed tasks go back in the queue (their models unmarked), what arrived is
        committed with that state, and the same command resumes once the Hub is back."""
        if not e.transient:
            self.streak.clear()
            return
        self.streak.append((key, task))
        if len(self.streak) < MAX_FAILURES_IN_ROW:
            return
        for k, t in reversed(self.streak[:-1]):  # the last is the current task, still queued
            if k is not None:
                self.s.fetched.pop(k, None)
            self.s.queue.insert(1, t)
        self._flush()
        raise HubUnavailable(
            f"the Hub at {self.client.endpoint} failed {len(self.streak)} requests in a row (last: {e}); "
            "the crawl stopped; run the same command again to resume"
        )

    def _listing_name(self, task: dict[str, Any]) -> str:
        if task["id"] is not None:
            return f"derivatives of {task['id']}"
        parts = [f"author {self.args.author}"] if self.args.author else []
        parts += [f"search {self.args.search!r}"] if self.args.search else []
        return "models of " + " and ".join(parts)

    def _listing_url(self, query: dict[str, Any]) -> str:
        """The listing as a URL to show in the report (without the long `expand`)."""
        shown = {k: v for k, v in query.items() if k != "expand"}
        return f"{self.client.endpoint}/api/models?{urlencode(shown, doseq=True)}"

    def _listed(self, task: dict[str, Any], rec: dict[str, Any], where: str) -> None:
        key = key_of(rec["id"])
        if key not in self.s.fetched:
            self.s.fetched[key] = self._take(rec, where)
        if task["id"] is None:  # the --author/--search selection
            if self._mark("up", key, 0):
                self._expand_up(key, 0)
            if self._mark("down", key, 0):
                self._expand_down(key, 0)
        elif self._mark("down", key, task["depth"] + 1):
            self._expand_down(key, task["depth"] + 1)

    # -- the walk -----------------------------------------------------------------------
    def _mark(self, way: str, key: str, depth: int) -> bool:
        """Record that `key` is `depth` hops away going `way`; False if known as close."""
        if self.s.reached[way].get(key, depth + 1) <= depth:
            return False
        self.s.reached[way][key] = depth
        return True

    def _expand_up(self, key: str, depth: int) -> None:
        if depth >= self.args.depth:
            return
        entry = self.s.fetched.get(key) or {}
        for base in entry.get("bases", ()):
            if self._mark("up", key_of(base), depth + 1):
                self.s.queue.append({"kind": "model", "id": base, "depth": depth + 1, "dir": "up", "via": entry["id"]})

    def _expand_down(self, key: str, depth: int) -> None:
        if depth < self.args.depth and key in self.s.fetched:
            mid = self.s.fetched[key]["id"]  # as the Hub spells it: the tag filter is exact
            self.s.queue.append({"kind": "list", "id": mid, "depth": depth, "page": None, "pos": 0, "count": 0})

    # -- records ------------------------------------------------------------------------
    def _take(self, rec: dict[str, Any], url: str) -> dict[str, Any]:
        """Map one Hub record and add it to the batch; returns {id, bases} for the walk."""
        self.streak.clear()
        self.report.read += 1
        self.handled += 1
        raw = Raw(url, str(rec.get("id")), rec)
        try:
            mapped = map_model(rec, source=SOURCE)
            _validate(mapped)
        except (Rejected, SchemaError) as e:
            self._reject(raw, str(e), counted=True)
            return {"id": str(rec.get("id")), "bases": []}
        model = mapped.nodes["Model"][0]
        refs = mapped.refs.get("Model", {})
        based_on = mapped.rels.get(("BASED_ON", "Model", "Model"), ())
        bases = [refs[r["to"]]["id"] for r in based_on if r["to"] in refs]  # (a self-reference has no ref)
        entry = {"id": model["id"], "bases": bases}
        if self.args.since and model.get("modified_at") and model["modified_at"] < self.args.since:
            self.report.unchanged += 1
            self.bar.update(1, queue=len(self.s.queue))
            return entry
        apply_aliases(mapped, self.aliases)
        if mapped.notes:
            self.report.noted += 1
            for note in mapped.notes:
                self.writer.write(raw, note, status="note")
        for r in owned_edges(rec, mapped):
            slot = self.pending.setdefault((r.type, r.from_label, r.sources), Retraction(r.type, r.from_label, r.sources))
            slot.keys.extend(r.keys)
        self.batch.extend(mapped)
        self.report.loaded += 1
        self.in_batch += 1
        self.bar.update(1, queue=len(self.s.queue), rejected=self.report.rejected)
        return entry

    def _reject(self, raw: Raw, reason: str, counted: bool = False) -> None:
        if not counted:  # a model that never arrived still counts as read: it was asked for
            self.report.read += 1
            self.handled += 1
        self.report.rejected += 1
        kind = reason.split(":", 1)[0][:60]
        self.report.reasons[kind] = self.report.reasons.get(kind, 0) + 1
        self.writer.write(raw, reason)
        self.bar.update(1, queue=len(self.s.queue), rejected=self.report.rejected)

    def _maybe_flush(self) -> None:
        if self.in_batch >= self.batch_records or self.handled >= self.batch_records:
            self._flush()

    def _flush(self) -> None:
        """Retract what the records own, write the batch, then save the crawl state: the
        state never claims a record that is not committed."""
        if self.in_batch:
            for r in self.pending.values():
                self.store.retract_sources(r.type, r.from_label, r.keys, list(r.sources))
            self.report.written += self.store.write(self.batch)
            self.batch.clear()
            self.pending.clear()
            self.in_batch = 0
        self.handled = 0
        if self.checkpoint is not None:
            self.checkpoint.save_state(self.s.as_json())


def _modified(rec: dict[str, Any]) -> str:
    """A listed record's lastModified as ISO-8601 UTC, comparable with `since` (the Hub
    writes milliseconds; an unreadable date sorts as new, and the mapping rejects it)."""
    try:
        return iso(rec.get("lastModified"), "lastModified") or "9"
    except Rejected:
        return "9"
