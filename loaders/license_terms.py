"""Normalized terms of a License node: which source says what.

Each field comes from the first source that says something about it; `terms_source`
names the source of every field that is not unknown (`fields: source; ...`). Sources, in order:
1. curated terms (`knowledge/ml-license-terms.yaml`, checked against the license texts);
2. Creative Commons licenses: the elements in the SPDX id (BY, NC, ND, SA);
3. choosealicense rule tags (commercial-use, same-license, network-use-disclose, ...);
4. OSADL copyleft.json (Yes / Yes (restricted) / No);
5. the SPDX list's OSI-approved and FSF-libre flags (both definitions forbid restricting
   the field of use, so commercial use is allowed and there are no use restrictions);
6. ScanCode LicenseDB categories (Permissive, Copyleft, Copyleft Limited, ...): family and
   copyleft only, because a category does not settle commercial use (ScanCode files
   JSON's "Good, not Evil" license under Permissive).
Whatever no source settles stays `unknown`. Not legal advice.
"""

from __future__ import annotations

import json
import re
from functools import cache, lru_cache
from typing import Any

from ptmkg.loaders.license_knowledge import KNOWLEDGE, UNKNOWN, UNKNOWN_PREFIX, knowledge

TERMS = ("commercial", "copyleft", "derivative_license", "use_restrictions", "covers_distillation")
_CC = re.compile(r"^CC-BY(?P<nc>-NC)?(?P<nd>-ND)?(?P<sa>-SA)?-\d\.\d(?:-[A-Za-z]+)?$")
_DATA_PREFIXES = ("cdla-", "odbl-", "odc-by-", "pddl-", "c-uda-", "o-uda-", "cdl-", "dl-de-", "ogl-", "nlod-", "etalab-")
_CONTENT_PREFIXES = ("cc-", "cc0-", "gfdl-")
_SCANCODE_COPYLEFT = {"Permissive": "none", "Public Domain": "none", "Copyleft": "strong", "Copyleft Limited": "weak"}
_SCANCODE_FAMILY = {
    "Permissive": "permissive",
    "Public Domain": "permissive",
    "Copyleft": "copyleft",
    "Copyleft Limited": "copyleft",
    "Commercial": "proprietary",
    "Proprietary Free": "proprietary",
    "Source-available": "proprietary",
    "Free Restricted": "other",
    "CLA": "other",
    "Patent License": "other",
    "Unstated License": "unknown",
}
_SCANCODE_KIND = {"Commercial": "proprietary", "Proprietary Free": "proprietary", "Source-available": "proprietary", "CLA": "unknown", "Patent License": "unknown", "Unstated License": "unknown"}
_OSADL_COPYLEFT = {"Yes": "strong", "Yes (restricted)": "weak", "No": "none"}
CC_ATTRIBUTION = "Credit the creator, link the license and indicate changes (CC BY)"


@cache
def _choosealicense() -> dict[str, dict[str, list[str]]]:
    rows = json.loads((KNOWLEDGE / "choosealicense-rules.json").read_text(encoding="utf-8"))["licenses"]
    k = knowledge()
    # choosealicense still uses deprecated GNU ids (AGPL-3.0); file them under the current key.
    return {k.replacement.get(r["spdx-id"].lower(), r["spdx-id"].lower()): r for r in rows.values()}


@cache
def _osadl_copyleft() -> dict[str, str]:
    data = json.loads((KNOWLEDGE / "osadl-copyleft.json").read_text(encoding="utf-8"))["copyleft"]
    return {lic.lower(): verdict for lic, verdict in data.items()}


@cache
def _scancode_by_target() -> dict[str, str]:
    """License key -> ScanCode category, for SPDX licenses ScanCode also lists."""
    k = knowledge()
    out: dict[str, str] = {}
    for sc in k.scancode.values():
        if sc.is_deprecated or not sc.spdx:
            continue
        low = sc.spdx.lower()
        out.setdefault(k.replacement.get(low, low), sc.category)
    return out


class _Terms:
    """Fields filled first-come, each with the source that set it."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.sources: dict[str, str] = {}

    def set(self, field: str, value: Any, source: str) -> None:
        if value in (None, "unknown") or field in self.values:
            return
        self.values[field] = value
        self.sources[field] = source

    def row(self) -> dict[str, Any]:
        out = {f: self.values.get(f, "unknown") for f in TERMS}
        for f in ("kind", "family"):
            out[f] = self.values.get(f, "unknown")
        for f in ("name_prefix", "attribution", "user_cap"):
            out[f] = self.values.get(f)
        # "commercial, copyleft: choosealicense; use_restrictions: SPDX OSI-approved": fields
        # grouped by the source that set them, in field order.
        groups: dict[str, list[str]] = {}
        for f in TERMS + ("kind", "family", "name_prefix", "attribution", "user_cap"):
            if f in self.sources:
                groups.setdefault(self.sources[f], []).append(f)
        out["terms_source"] = "; ".join(f"{', '.join(fs)}: {src}" for src, fs in groups.items()) or None
        return out


def _curated(t: _Terms, entry: dict[str, Any]) -> None:
    src = "curated (ml-license-terms.yaml: " + " ".join(str(entry.get("terms_source", "")).split()) + ")"
    for f in TERMS + ("kind", "family", "name_prefix", "attribution", "user_cap"):
        if f in entry and f not in (entry.get("unverified") or []):
            t.set(f, entry[f], src)
    for f in entry.get("unverified") or []:
        # An unverified field stays unknown: no later rule may fill it with a guess.
        t.values.setdefault(f, "unknown")


def _cc(t: _Terms, spdx_id: str) -> bool:
    m = _CC.match(spdx_id)
    if spdx_id.upper() == "CC0-1.0":
        src = "rule: CC0 public-domain dedication"
        for f, v in (("commercial", "allowed"), ("copyleft", "none"), ("derivative_license", "any"), ("use_restrictions", "no")):
            t.set(f, v, src)
        t.set("family", "cc", src)
        t.set("kind", "content", src)
        return True
    if not m:
        return False
    nc, nd, sa = bool(m["nc"]), bool(m["nd"]), bool(m["sa"])
    src = "rule: CC license elements in the SPDX id (" + "-".join(["BY"] + [e for e, on in (("NC", nc), ("ND", nd), ("SA", sa)) if on]) + ")"
    t.set("commercial", "prohibited" if nc else "allowed", src)
    t.set("copyleft", "share-alike" if sa else "none", src)
    if nd:
        deriv = "not-distributable"
    elif sa:
        # CC lists no BY-NC-SA compatible license, so NC-SA means the same license (or a later version).
        deriv = "same" if nc else "same-or-compatible"
    else:
        deriv = "any-with-passthrough" if nc else "any"
    t.set("derivative_license", deriv, src)
    # NC restricts the purpose of use and reaches every recipient of the material.
    t.set("use_restrictions", "yes" if nc else "no", src)
    t.set("attribution", CC_ATTRIBUTION, src)
    t.set("family", "cc-nc" if nc else "cc", src)
    t.set("kind", "content", src)
    return True


def _software(t: _Terms, key: str, osi: bool, fsf: bool) -> None:
    rules = _choosealicense().get(key)
    if rules is not None:
        src = "choosealicense"
        if "commercial-use" in rules["permissions"]:
            t.set("commercial", "allowed", src)
        conds = set(rules["conditions"])
        if "network-use-disclose" in conds:
            t.set("copyleft", "network", src)
        elif "same-license" in conds:
            t.set("copyleft", "strong", src)
        elif conds & {"same-license--file", "same-license--library"}:
            t.set("copyleft", "weak", src)
        else:
            t.set("copyleft", "none", src)
    t.set("copyleft", _OSADL_COPYLEFT.get(_osadl_copyleft().get(key, "")), "OSADL copyleft.json")
    if osi or fsf:
        src = "SPDX " + ("OSI-approved" if osi else "FSF-libre")
        t.set("commercial", "allowed", src)
        t.set("use_restrictions", "no", src)
    category = _scancode_by_target().get(key)
    if category is not None:
        t.set("copyleft", _SCANCODE_COPYLEFT.get(category), f"ScanCode category {category}")
        t.set("family", _SCANCODE_FAMILY.get(category), f"ScanCode category {category}")


def _derived(t: _Terms) -> None:
    """Fields that follow from others: derivative license and family from copyleft. A
    copyleft reading that rests on a ScanCode category alone does not settle the derivative
    license (a "Permissive" key may still carry conditions that travel with the work)."""
    copyleft = t.values.get("copyleft", "unknown")
    deriv = {"none": "any", "weak": "same", "strong": "same", "network": "same", "share-alike": "same-or-compatible"}.get(copyleft)
    if not t.sources.get("copyleft", "").startswith("ScanCode"):
        t.set("derivative_license", deriv, f"rule: copyleft {copyleft}")
    fam = {"none": "permissive", "weak": "copyleft", "strong": "copyleft", "network": "copyleft", "share-alike": "copyleft"}.get(copyleft)
    t.set("family", fam, f"rule: copyleft {copyleft}")


def _kind_of(key: str) -> str:
    if key.startswith(_DATA_PREFIXES):
        return "data"
    if key.startswith(_CONTENT_PREFIXES):
        return "content"
    return "software"


@lru_cache(maxsize=None)
def terms_for(key: str, display: str) -> dict[str, Any]:
    """Every License property but `key` and `source` for a key (`display` is the id to show;
    it names the node of a string that did not normalize)."""
    k = knowledge()
    t = _Terms()
    spdx = k.spdx.get(key)
    entry = k.curated.get(key)
    sc = k.scancode_key_of(key)
    name, url = display, None
    if entry is not None:
        _curated(t, entry)
        name, url = entry.get("name", name), entry.get("url")
    if spdx is not None:
        name = entry.get("name", spdx.name) if entry else spdx.name
        url = url or f"https://spdx.org/licenses/{spdx.id}.html"
        if not _cc(t, spdx.id):
            _software(t, key, spdx.osi, spdx.fsf)
        t.set("kind", _kind_of(key), "rule: SPDX id prefix")
    elif key in k.exceptions:
        name = k.exceptions[key][1]
        url = f"https://spdx.org/licenses/{k.exceptions[key][0]}.html"
        t.set("kind", "software", "SPDX exceptions list")
        t.set("family", "other", "SPDX exceptions list (an exception, not a license by itself)")
    elif sc is not None:
        url = url or f"https://scancode-licensedb.aboutcode.org/{sc.key}.html"
        src = f"ScanCode category {sc.category}"
        t.set("copyleft", _SCANCODE_COPYLEFT.get(sc.category), src)
        t.set("family", _SCANCODE_FAMILY.get(sc.category), src)
        t.set("kind", _SCANCODE_KIND.get(sc.category, "software"), src)
    elif " with " in key and not key.startswith(UNKNOWN_PREFIX) and not re.search(r" (and|or) ", key):
        _with_expression(t, key)  # AND / OR expressions keep unknown terms: each part has its own node
    if key != UNKNOWN and not key.startswith(UNKNOWN_PREFIX):
        _derived(t)
    row = t.row()
    row.update(
        id=display,
        name=name,
        spdx_id=spdx.id if spdx is not None else (display if _is_spdx_expression(key) else None),
        known=k.is_known(key),
        url=url,
    )
    return row


def _is_spdx_expression(key: str) -> bool:
    k = knowledge()
    parts = key.split(" with ")
    return len(parts) == 2 and parts[0] in k.spdx and parts[1] in k.exceptions


def _with_expression(t: _Terms, key: str) -> None:
    """`X WITH Y`: an SPDX exception only adds permissions, so X's terms still bound the
    work; any other addition (Commons Clause, ScanCode's additional terms) may restrict it,
    so only kind and family carry over."""
    k = knowledge()
    base, exc = key.split(" with ", 1)
    base_row = terms_for(base, k.display.get(base, base))
    if exc in k.exceptions:
        for f in TERMS:
            t.set(f, base_row[f], f"{k.display.get(base, base)} terms (SPDX exception {k.exceptions[exc][0]} adds permissions)")
    src = f"{k.display.get(base, base)} (base license)"
    t.set("kind", base_row["kind"], src)
    t.set("family", base_row["family"], src)


def restriction_of(row: dict[str, Any]) -> str | None:
    """The restrictions a license adds that GPL-family licenses forbid ("no further
    restrictions"), or None: the curated rule of LICENSES.md for RAIL, Llama, Gemma,
    non-commercial and no-derivatives licenses, read from the normalized terms."""
    found = []
    if row.get("family") in ("rail", "llama", "gemma"):
        found.append(f"{row['family']} family")
    if row.get("use_restrictions") == "yes":
        found.append("use restrictions passed on to users")
    if row.get("commercial") == "prohibited":
        found.append("no commercial use")
    elif row.get("commercial") == "conditional":
        found.append("commercial use only under conditions" + (f" (user cap {row['user_cap']:,})" if row.get("user_cap") else ""))
    if row.get("derivative_license") == "not-distributable":
        found.append("no distribution of derivatives")
    return "; ".join(found) or None

