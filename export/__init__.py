"""Export the graph for other tools: RDF for linked-data users (N-Triples, Turtle,
JSON-LD; PROV-O, schema.org, FAIR4ML, DCAT, SPDX) and GraphML for Gephi and networkx.

The mapping, IRI rules, vocabulary and shapes are documented in docs/rdf.md; the
vocabulary (`vocab/ptmkg.ttl`), the JSON-LD context (`vocab/context.jsonld`) and the SHACL
shapes (`shapes/ptmkg-shapes.ttl`) ship in this package.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def package_file(*parts: str) -> Path:
    """A file shipped in the package (vocabulary, context, shapes)."""
    return Path(str(resources.files(__name__).joinpath(*parts)))
