"""Namespaces and the terms the export uses, as plain IRI strings.

Kept as strings (not rdflib or pyoxigraph objects) so the streaming N-Triples writer can
use them without building a term object per triple. The project's own terms live in
`PTMKG` (published in `vocab/ptmkg.ttl`); everything else is a standard vocabulary.

Trap: FAIR4ML, Croissant and the schema.org JSON-LD context use **http**://schema.org/,
while rdflib's `SDO` namespace is https. The export binds `schema:` to the http form
itself and never uses rdflib's `SDO`.
"""

from __future__ import annotations

# The project's persistent namespace. Only vocabulary terms, licenses that are not on the
# SPDX list, models of hubs without canonical pages, derivation/link records and the dump
# record are minted here; everything else reuses the platforms' own URLs.
BASE = "https://w3id.org/ptmkg/"
ID = BASE + "id/"
PTMKG = BASE + "vocab#"

SCHEMA = "http://schema.org/"
FAIR4ML = "https://w3id.org/fair4ml#"
PROV = "http://www.w3.org/ns/prov#"
DCAT = "http://www.w3.org/ns/dcat#"
DCTERMS = "http://purl.org/dc/terms/"
VOID = "http://rdfs.org/ns/void#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
SPDX_LICENSES = "http://spdx.org/licenses/"
SH = "http://www.w3.org/ns/shacl#"
OWL = "http://www.w3.org/2002/07/owl#"

PREFIXES: dict[str, str] = {
    "ptmkg": PTMKG,
    "schema": SCHEMA,
    "fair4ml": FAIR4ML,
    "prov": PROV,
    "dcat": DCAT,
    "dcterms": DCTERMS,
    "void": VOID,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "spdx": SPDX_LICENSES,
}

RDF_TYPE = RDF + "type"
RDF_STATEMENT = RDF + "Statement"
RDF_SUBJECT = RDF + "subject"
RDF_PREDICATE = RDF + "predicate"
RDF_OBJECT = RDF + "object"
RDFS_SEE_ALSO = RDFS + "seeAlso"

XSD_STRING = XSD + "string"
XSD_INTEGER = XSD + "integer"
XSD_BOOLEAN = XSD + "boolean"
XSD_DATETIME = XSD + "dateTime"
XSD_DATE = XSD + "date"
XSD_DURATION = XSD + "duration"

# Lineage: a BASED_ON edge becomes prov:wasDerivedFrom plus a qualified derivation whose
# class says the relation kind; `unknown` stays a plain prov:Derivation.
DERIVATION_CLASS = {
    "finetune": PTMKG + "Finetune",
    "adapter": PTMKG + "Adapter",
    "merge": PTMKG + "Merge",
    "quantized": PTMKG + "Quantization",
    "distill": PTMKG + "Distillation",
}
RELATION_OF_CLASS = {v: k for k, v in DERIVATION_CLASS.items()}
# Relation kinds that also get FAIR4ML's direct `fineTunedFrom` edge.
FINE_TUNE_KINDS = ("finetune", "adapter")

# Predicates of the direct triple each relationship type becomes (BASED_ON and
# COMPATIBLE_INTO have their own shapes; see mapping.py).
LINK_PREDICATE = {
    ("TRAINED_ON", "Model"): FAIR4ML + "trainedOn",
    ("LICENSED_UNDER", "Model"): SCHEMA + "license",
    ("LICENSED_UNDER", "Repository"): SCHEMA + "license",
    ("LICENSED_UNDER", "Dataset"): SCHEMA + "license",
    ("PUBLISHED_BY", "Model"): FAIR4ML + "sharedBy",
    ("PUBLISHED_BY", "Dataset"): SCHEMA + "publisher",
    ("USES", "Repository"): DCTERMS + "requires",
    ("CITES", "Model"): SCHEMA + "citation",
    ("CITES", "Dataset"): SCHEMA + "citation",
}

# rdf:type of each node label.
NODE_CLASSES = {
    "Model": (FAIR4ML + "MLModel",),
    "Dataset": (SCHEMA + "Dataset", DCAT + "Dataset"),
    "License": (SCHEMA + "CreativeWork", DCTERMS + "LicenseDocument"),
    "Organization": (SCHEMA + "Organization",),
    "Repository": (SCHEMA + "SoftwareSourceCode",),
    "Paper": (SCHEMA + "ScholarlyArticle",),
}


def p(local: str) -> str:
    """A project term."""
    return PTMKG + local


def s(local: str) -> str:
    """A schema.org term (http form)."""
    return SCHEMA + local
