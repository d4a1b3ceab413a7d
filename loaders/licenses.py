"""The license knowledge: License nodes with normalized terms and COMPATIBLE_INTO edges.

Everything comes from the files bundled in `knowledge/` (see its README for origins), so
loading needs no input and no network and gives the same graph every time:
- License nodes for every SPDX license, every Hugging Face license id, the curated ML
  licenses, the license strings met in the PeaTMOSS GitHub data (ScanCode keys) and every
  license the OSADL and PeaTMOSS/LF tables name;
- COMPATIBLE_INTO edges from OSADL, the PeaTMOSS/LF table, ModelGo and the curated rule
  (`license_compat`), one edge per source.
The first ingest into an empty store runs it (`command.ensure_license_knowledge`).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

from ptmkg.graph.schema import Batch
from ptmkg.graph.store import Store
from ptmkg.loaders import license_compat
from ptmkg.loaders.command import ingest_command
from ptmkg.loaders.license_knowledge import KNOWLEDGE, LicenseMatch, knowledge, license_row, normalize
from ptmkg.loaders.pipeline import LoadReport, Raw, Rejected, run

SOURCE = "licenses"
DATA_STRINGS = "data-license-strings.json"


def node_records() -> Iterator[Raw]:
    """One record per license string the knowledge describes (several may name one node)."""
    k = knowledge()
    for low, lic in sorted(k.spdx.items()):
        if low not in k.replacement:  # deprecated GNU ids are spellings of the current id
            yield Raw("spdx-licenses.json", lic.id, {"kind": "node", "raw": lic.id})
    for low, row in sorted(k.hf.items()):
        yield Raw("hf-license-ids.csv", row["hf_id"], {"kind": "node", "raw": row["hf_id"]})
    for key, entry in sorted(k.curated.items()):
        yield Raw("ml-license-terms.yaml", key, {"kind": "node", "raw": entry.get("id", key)})
    data = json.loads((KNOWLEDGE / DATA_STRINGS).read_text(encoding="utf-8"))
    for s in data["peatmoss_github_scancode"]:
        yield Raw(DATA_STRINGS, s, {"kind": "node", "raw": s, "scheme": "scancode"})
    for s in data["peatmoss_mapping_hf"]:
        yield Raw(DATA_STRINGS, s, {"kind": "node", "raw": s})
    # The licenses the compatibility tables name are described too, not only referenced.
    for r in license_compat.table_ids():
        yield r


def edge_records(matches: list[LicenseMatch]) -> Iterator[Raw]:
    """Every verdict, source by source; the curated rule runs over the knowledge nodes."""
    yield from license_compat.osadl()
    yield from license_compat.peatmoss_lf()
    yield from license_compat.modelgo()
    yield from license_compat.curated(matches)


def records() -> Iterator[Raw]:
    """The loader's fetcher: node records first, then verdicts."""
    nodes = list(node_records())
    yield from nodes
    matches = [m for r in nodes if (m := normalize(r.value["raw"], scheme=r.value.get("scheme"))) is not None]
    yield from edge_records(matches)


def map_record(value: dict[str, Any]) -> Batch:
    """A license string -> its License node; a verdict -> COMPATIBLE_INTO between the two
    licenses (both created with their terms when missing)."""
    b = Batch()
    if value["kind"] == "node":
        m = normalize(value["raw"], scheme=value.get("scheme"))
        if m is None:
            raise Rejected("empty license: nothing to normalize")
        b.node("License", key=m.key, **license_row(m, SOURCE))
        return b
    source = value["source"]
    verdict = license_compat.VERDICTS[source].get(value["verdict"])
    if verdict is None:
        raise Rejected(f"unknown verdict: {value['verdict']!r} is not one of {source}'s verdicts")
    inbound, outbound = normalize(value["inbound"]), normalize(value["outbound"])
    if inbound is None or outbound is None:
        raise Rejected("empty license: a compatibility cell without a license id")
    for m in (inbound, outbound):
        b.ref("License", m.key, **license_row(m, SOURCE))
    b.rel("COMPATIBLE_INTO", "License", inbound.key, "License", outbound.key, source=source, verdict=verdict, reason=value["reason"])
    return b


def load(store: Store, rejects: Path | None = None, progress: bool | None = None) -> LoadReport:
    """Write the bundled license knowledge (idempotent; a few seconds)."""
    return run(store, SOURCE, records(), map_record, rejects=rejects, progress=progress, batch_records=5000)


@ingest_command(SOURCE, auto_licenses=False)
def command(store: Store, rejects: Path | None) -> LoadReport:
    """License knowledge bundled with ptmkg: License nodes with normalized terms (SPDX,
    Hugging Face, ScanCode, curated ML licenses) and COMPATIBLE_INTO verdicts from OSADL,
    the PeaTMOSS/LF table, ModelGo and curated rules. Takes no input file."""
    return load(store, rejects)
