"""The RDF export: the whole graph streamed, or one model's neighbourhood.

Formats:
- `nt`: N-Triples, hand-rolled writer (writers.py), streamed in constant memory.
- `ttl`: Turtle through pyoxigraph's streaming serializer (consecutive triples about one
  subject are grouped), also constant memory.
- `jsonld`: one JSON-LD document written as it goes (jsonld.py), with the shipped context.
A neighbourhood export is small: its triples are sorted (subject, predicate, object)
before writing, so the output is deterministic and Turtle groups each subject once.

The dump ends with its own record (`dcat:Catalog` / `dcat:Dataset` / `dcat:Distribution`,
VoID counts, generation time), written last because the counts are known only then.
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import IO, Any, Callable, Iterable, Iterator

from ptmkg.export import iris
from ptmkg.export.mapping import MapStats, edge_triples, node_triples
from ptmkg.export.reader import DEFAULT_PAGE, Chunk, iter_graph, iter_selection, neighbourhood
from ptmkg.export.terms import (
    DCAT,
    DCTERMS,
    FAIR4ML,
    ID,
    LINK_PREDICATE,
    NODE_CLASSES,
    PREFIXES,
    PROV,
    RDF_TYPE,
    SCHEMA,
    VOID,
    XSD_DATETIME,
    XSD_INTEGER,
    XSD_STRING,
    p,
)
from ptmkg.export.writers import NTriplesWriter, Triple

FORMATS = {
    "nt": ("N-Triples", "application/n-triples"),
    "ttl": ("Turtle", "text/turtle"),
    "jsonld": ("JSON-LD", "application/ld+json"),
}

VOCABULARY = "https://w3id.org/ptmkg/vocab"


def _predicate_of(type_: str, from_label: str) -> str:
    """The direct predicate a relationship becomes (for the VoID partitions)."""
    if type_ == "BASED_ON":
        return PROV + "wasDerivedFrom"
    if type_ == "COMPATIBLE_INTO":
        return p("inbound")
    return LINK_PREDICATE[(type_, from_label)]


@dataclass
class ExportStats:
    triples: int = 0
    nodes: Counter = field(default_factory=Counter)
    edges: Counter = field(default_factory=Counter)
    map: MapStats = field(default_factory=MapStats)
    seconds: float = 0.0


# Triples handed to the writer at a time (bounds the memory of one page's triples).
BATCH = 20_000

Progress = Callable[[str, int, int], None]  # (label, nodes so far of that label, triples so far)


def chunk_triples(chunks: Iterable[Chunk], stats: ExportStats, progress: Progress | None = None) -> Iterator[list[Triple]]:
    """The triples of each chunk's nodes and relationships, one list per chunk (a list
    per page keeps memory bounded and saves a generator step per triple)."""
    for chunk in chunks:
        label = chunk.label
        out: list[Triple] = []
        by_key: dict[str, str] = {}
        for row in chunk.nodes:
            iri = iris.node_iri(label, row)
            by_key[row["key"]] = iri
            node_triples(label, row, stats.map, iri, out)
            if len(out) >= BATCH:
                stats.triples += len(out)
                yield out
                out = []
        stats.nodes[label] += len(chunk.nodes)
        for (type_, a, b), rows in chunk.edges:
            for row in rows:
                edge_triples(type_, a, b, by_key[row["a_key"]], row, out)
                if len(out) >= BATCH:
                    stats.triples += len(out)
                    yield out
                    out = []
            stats.edges[(type_, a, b)] += len(rows)
        stats.triples += len(out)
        yield out
        if progress is not None:
            progress(label, stats.nodes[label], stats.triples)


def catalog_triples(stats: ExportStats, fmt: str, generated: datetime, model_iri: str | None = None, depth: int | None = None) -> Iterator[Triple]:
    """The dump's own record: what it is, when it was made, how much it holds."""
    stamp = generated.strftime("%Y%m%dT%H%M%SZ")
    when = generated.strftime("%Y-%m-%dT%H:%M:%SZ")
    # the scope is part of the IRI: neighbourhood exports made in the same second merge cleanly
    scope = "graph" if model_iri is None else f"{model_iri} {depth}"
    cat = f"{ID}dump/{stamp}-{iris.digest(scope)[:8]}"
    ds, dist = cat + "/dataset", cat + "/" + fmt
    name, media = FORMATS[fmt]
    title = "ptmkg knowledge graph of the pre-trained model supply chain"
    yield (cat, RDF_TYPE, DCAT + "Catalog", None)
    yield (cat, DCTERMS + "title", title, XSD_STRING)
    yield (cat, DCTERMS + "issued", when, XSD_DATETIME)
    yield (cat, DCAT + "dataset", ds, None)
    yield (ds, RDF_TYPE, DCAT + "Dataset", None)
    yield (ds, RDF_TYPE, VOID + "Dataset", None)
    yield (ds, DCTERMS + "title", title + (" (one model's neighbourhood)" if model_iri else ""), XSD_STRING)
    yield (ds, DCTERMS + "created", when, XSD_DATETIME)
    yield (ds, PROV + "generatedAtTime", when, XSD_DATETIME)
    yield (ds, DCTERMS + "conformsTo", VOCABULARY, None)
    yield (ds, VOID + "triples", str(stats.triples), XSD_INTEGER)
    yield (ds, VOID + "entities", str(sum(stats.nodes.values())), XSD_INTEGER)
    for vocabulary in (SCHEMA, FAIR4ML.rstrip("#"), PROV.rstrip("#"), DCAT.rstrip("#"), VOCABULARY):
        yield (ds, VOID + "vocabulary", vocabulary, None)
    if model_iri:
        yield (ds, DCTERMS + "subject", model_iri, None)
        if depth is not None:
            yield (ds, p("lineageDepth"), str(depth), XSD_INTEGER)
    for label, n in sorted(stats.nodes.items()):
        if not n:
            continue
        part = f"{ds}/class/{label}"
        yield (ds, VOID + "classPartition", part, None)
        yield (part, VOID + "class", NODE_CLASSES[label][0], None)
        yield (part, VOID + "entities", str(n), XSD_INTEGER)
    for (type_, a, b), n in sorted(stats.edges.items()):
        if not n:
            continue
        part = f"{ds}/relationship/{type_}/{a}-{b}"
        yield (ds, VOID + "propertyPartition", part, None)
        yield (part, VOID + "property", _predicate_of(type_, a), None)
        yield (part, p("relationshipType"), type_, XSD_STRING)
        yield (part, p("relationshipCount"), str(n), XSD_INTEGER)
    yield (ds, DCAT + "distribution", dist, None)
    yield (dist, RDF_TYPE, DCAT + "Distribution", None)
    yield (dist, DCTERMS + "title", f"{name} serialization", XSD_STRING)
    yield (dist, DCTERMS + "format", name, XSD_STRING)
    yield (dist, DCAT + "mediaType", f"https://www.iana.org/assignments/media-types/{media}", None)
    yield (dist, DCTERMS + "issued", when, XSD_DATETIME)


def write_rdf(batches: Iterable[list[Triple]], out: IO[bytes], fmt: str) -> None:
    """Serialize lists of triples in one of FORMATS to a binary stream, as they come."""
    import io
    from itertools import chain

    if fmt == "ttl":
        from pyoxigraph import RdfFormat, serialize

        from ptmkg.export.writers import to_oxigraph

        serialize(to_oxigraph(chain.from_iterable(batches)), out, RdfFormat.TURTLE, prefixes=dict(PREFIXES))
        return
    text = io.TextIOWrapper(out, encoding="utf-8", newline="\n", write_through=False)
    try:
        if fmt == "nt":
            writer: Any = NTriplesWriter(text)
        elif fmt == "jsonld":
            from ptmkg.export.jsonld import JsonLdWriter

            writer = JsonLdWriter(text)
        else:
            raise ValueError(f"unknown RDF format {fmt!r}")
        for batch in batches:
            writer.write(batch)
        writer.flush()
    finally:
        text.detach()


def export_graph(store: Any, out: IO[bytes], fmt: str = "nt", page: int = DEFAULT_PAGE,
                 progress: Progress | None = None, catalog: bool = True, now: datetime | None = None) -> ExportStats:
    """Stream the whole graph to `out` (binary)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}")
    stats = ExportStats()
    t0 = time.perf_counter()

    def everything() -> Iterator[list[Triple]]:
        yield from chunk_triples(iter_graph(store, page), stats, progress)
        if catalog:  # last: the counts are known only now
            yield list(catalog_triples(stats, fmt, now or datetime.now(timezone.utc)))

    write_rdf(everything(), out, fmt)
    stats.seconds = time.perf_counter() - t0
    return stats


def model_triples(store: Any, model_key: str, depth: int | None, stats: ExportStats, fmt: str = "nt",
                  catalog: bool = True, now: datetime | None = None) -> list[Triple]:
    """The triples of a model's neighbourhood, sorted (small: held in memory)."""
    selected = neighbourhood(store, model_key, depth)
    triples = sorted({t for batch in chunk_triples(iter_selection(store, selected), stats) for t in batch})
    stats.triples = len(triples)
    if catalog:
        m = iris.node_iri("Model", store.run(
            "MATCH (n:Model {key: $k}) RETURN n.key AS key, n.id AS id, n.hub AS hub", {"k": model_key})[0])
        triples += list(catalog_triples(stats, fmt, now or datetime.now(timezone.utc), m, depth))
    return triples


def export_model(store: Any, model_key: str, out: IO[bytes], fmt: str = "ttl", depth: int | None = 2,
                 catalog: bool = True, now: datetime | None = None) -> ExportStats:
    """Write one model's neighbourhood (see reader.neighbourhood) to `out` (binary)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown RDF format {fmt!r}")
    stats = ExportStats()
    t0 = time.perf_counter()
    write_rdf([model_triples(store, model_key, depth, stats, fmt, catalog, now)], out, fmt)
    stats.seconds = time.perf_counter() - t0
    return stats


def stderr_progress(every: float = 2.0) -> Progress:
    """A progress callback printing one line to stderr at most every `every` seconds."""
    last = [0.0]
    start = time.perf_counter()

    def report(label: str, nodes: int, triples: int) -> None:
        t = time.perf_counter()
        if t - last[0] >= every:
            last[0] = t
            rate = triples / max(t - start, 1e-9)
            print(f"export: {label} {nodes:,} nodes, {triples:,} triples ({rate:,.0f} triples/s)", file=sys.stderr, flush=True)

    return report
