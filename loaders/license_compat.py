"""License compatibility verdicts, one stream per source, as raw records for the loader.

Every record says: can work under `inbound` (subordinate) be included in a work under
`outbound` (leading)? That is the direction of `(:License)-[:COMPATIBLE_INTO]->(:License)`.

- `osadl`: the OSADL matrix, `matrix[leading][subordinate]` with OSADL's one-line reason;
  Yes / No / Unknown / Check dependency / Same -> yes / no / unknown / conditional / same.
- `peatmoss-lf`: the table the PeaTMOSS study used; rows are the repository (outbound)
  license, columns the model (inbound) license; yes / no / ? / null diagonal -> yes / no /
  unknown / same. The reason keeps the table's own row and column ids (typos included), so
  a query can reproduce the study's lookups.
- `modelgo`: ModelGo's `incompat` lists (licenses that cannot be combined): a "no" in both
  directions for each listed pair, the family names (GPL, AGPL, LGPL, GFDL) expanded to the
  versions ModelGo itself lists.
- `curated`: LICENSES.md's rule: restriction-bearing licenses (RAIL, Llama, Gemma,
  non-commercial, no-derivatives; read from the normalized terms) cannot go into a
  GPL-family work, because those licenses forbid further restrictions.
"""

from __future__ import annotations

import gzip
import json
import re
from typing import Any, Iterable, Iterator

from ptmkg.loaders.license_knowledge import KNOWLEDGE, LicenseMatch, license_row
from ptmkg.loaders.license_terms import restriction_of
from ptmkg.loaders.pipeline import Raw

VERDICTS: dict[str, dict[Any, str]] = {
    "osadl": {"Yes": "yes", "No": "no", "Unknown": "unknown", "Check dependency": "conditional", "Same": "same"},
    "peatmoss-lf": {"yes": "yes", "no": "no", "?": "unknown", None: "same"},
    "modelgo": {"no": "no"},
    "curated": {"no": "no"},
}

OSADL_FILE = "osadl-matrixseqexpl.json.gz"
LF_FILE = "lf-oss-license-compatibility.json"
MODELGO_FILE = "modelgo-licenses_description.yml"

# Targets of the curated rule: the GPL-family versions whose texts forbid "further
# restrictions" (GPL-2.0 s.6, GPL-3.0 s.10, LGPL-2.1 s.10, LGPL-3.0 via GPL-3.0, AGPL-3.0
# s.10), and the Hugging Face family ids `gpl` and `lgpl`.
GPL_FAMILY = (
    "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
    "AGPL-3.0-only", "AGPL-3.0-or-later",
    "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
    "gpl", "lgpl",
)  # fmt: skip


def edge(source: str, file: str, record: str, inbound: str, outbound: str, verdict: Any, reason: str) -> Raw:
    """A raw verdict: work under `inbound` into a work under `outbound`, as the source says."""
    return Raw(file, record, {"kind": "edge", "source": source, "inbound": inbound, "outbound": outbound, "verdict": verdict, "reason": reason})


def osadl() -> Iterator[Raw]:
    """Every cell of the OSADL matrix (115 x 115, the diagonal included)."""
    with gzip.open(KNOWLEDGE / OSADL_FILE, "rt", encoding="utf-8") as fh:
        data = json.load(fh)
    for lead in data["licenses"]:
        for cell in lead["compatibilities"]:
            yield edge(
                "osadl", OSADL_FILE, f"leading {lead['name']} / subordinate {cell['name']}",
                cell["name"], lead["name"], cell["compatibility"], cell["explanation"],
            )  # fmt: skip


def peatmoss_lf() -> Iterator[Raw]:
    """Every cell of the PeaTMOSS/LF table (43 repository rows x 59 model columns)."""
    matrix = json.loads((KNOWLEDGE / LF_FILE).read_text(encoding="utf-8"))["matrix"]
    for row, cells in matrix.items():
        for col, cell in cells.items():
            reason = f"PeaTMOSS LF table: row (repository, outbound) '{row}', column (model, inbound) '{col}', cell {cell if cell is not None else 'empty (diagonal)'}"
            yield edge("peatmoss-lf", LF_FILE, f"row {row} / column {col}", col, row, cell, reason)


def modelgo() -> Iterator[Raw]:
    """Both directions of every pair ModelGo declares incompatible."""
    import yaml

    entries = [e for e in yaml.safe_load((KNOWLEDGE / MODELGO_FILE).read_text(encoding="utf-8")) if "short_id" in e]
    ids = [e["short_id"] for e in entries]
    pairs: dict[tuple[str, str], str] = {}
    for e in entries:
        for family in e.get("incompat") or []:
            # A family name covers the versions ModelGo lists (GPL -> GPL-3.0; LGPL -> LGPL-3.0,
            # LGPL-2.1 but not LGPL-LR, a different license).
            members = [i for i in ids if i == family or re.match(rf"^{re.escape(family)}-\d", i)]
            for m in members:
                why = f"ModelGo licenses_description.yml: {e['short_id']} lists {family} as incompatible (incompat), so the two cannot be combined"
                pairs.setdefault((e["short_id"], m), why)
                pairs.setdefault((m, e["short_id"]), why)
    for (inbound, outbound), why in pairs.items():
        yield edge("modelgo", MODELGO_FILE, f"{inbound} into {outbound}", inbound, outbound, "no", why)


def table_ids() -> Iterator[Raw]:
    """Node records for every license id the OSADL and PeaTMOSS/LF tables name."""
    with gzip.open(KNOWLEDGE / OSADL_FILE, "rt", encoding="utf-8") as fh:
        for lead in json.load(fh)["licenses"]:
            yield Raw(OSADL_FILE, lead["name"], {"kind": "node", "raw": lead["name"]})
    matrix = json.loads((KNOWLEDGE / LF_FILE).read_text(encoding="utf-8"))["matrix"]
    ids = dict.fromkeys(list(matrix) + [c for cells in matrix.values() for c in cells])
    for i in ids:
        yield Raw(LF_FILE, i, {"kind": "node", "raw": i})


def curated(matches: Iterable[LicenseMatch]) -> Iterator[Raw]:
    """The curated rule over the given licenses (the knowledge nodes)."""
    seen: set[str] = set()
    for m in matches:
        if m.key in seen or not m.known:
            continue
        seen.add(m.key)
        why = restriction_of(license_row(m))
        if why is None:
            continue
        for target in GPL_FAMILY:
            reason = (
                f"{m.id} adds restrictions ({why}); {target} forbids imposing further restrictions on "
                "recipients, so the combination cannot be distributed under it (ptmkg curated rule, LICENSES.md)"
            )
            yield edge("curated", "ml-license-terms.yaml", f"{m.id} into {target}", m.id, target, "no", reason)
