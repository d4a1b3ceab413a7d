"""License strings -> License keys: the normalizer every loader uses.

One license has one `License` node whatever spelling names it: a Hugging Face id
(`apache-2.0`, `llama3.1`), a ScanCode key (`bsd-new`), an SPDX id in any case
(`Apache-2.0`), a typo of the PeaTMOSS/LF table (`bls-1.0`), a model card's
`license_name`/`license_link` under `license: other`, or a free-text name that FLAME knows.

Key scheme (docs/licenses.md has the details and examples):
- on the SPDX list: key = SPDX id lower-cased, id = the SPDX spelling; deprecated GNU ids
  map to their current `-only` / `-or-later` id (`gpl-3.0` -> `GPL-3.0-only`);
- not on SPDX, with a Hugging Face id: the HF id (`llama3.1`, `openrail++`);
- else ScanCode's `LicenseRef-scancode-<key>` (key lower-cased);
- `X WITH Y` (and AND/OR expressions): the normalized expression;
- "no license information" (`unknown`, `none`, `no license`, ...): the `unknown` node;
- anything else: `unknown:<lower-cased trimmed string>`, known=False, never guessed.

The tables are read from `knowledge/` once, on first use (so importing this module, as the
CLI does at start-up, costs nothing), and results are cached: `normalize` is called once
per record by every loader.
"""

from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

KNOWLEDGE = Path(__file__).resolve().parent / "knowledge"
UNKNOWN = "unknown"  # the key of "no license information"
UNKNOWN_PREFIX = "unknown:"  # keys of strings that did not normalize

# Deprecated GNU ids (`GPL-2.0`, `GPL-2.0+`, `GFDL-1.3`) -> the current id. SPDX deprecated
# the bare form because it does not say only/or-later; like PeaTMOSS and ScanCode we read
# it as `-only` (the text names that version), and `+` as `-or-later`.
_GNU_DEPRECATED = re.compile(r"^((?:A|L)?GPL|GFDL)-(\d\.\d)(\+?)$", re.I)
_OPERATORS = ("AND", "OR", "WITH")
_TOKEN = re.compile(r"\(|\)|[^\s()]+")


@dataclass(frozen=True)
class LicenseMatch:
    """What a license string names: `key` of the License node, `id` its display spelling,
    `known` False when the string did not normalize, `raw` the string as declared."""

    key: str
    id: str
    known: bool
    raw: str


@dataclass(frozen=True)
class ScanCodeKey:
    key: str
    category: str
    spdx: str
    other_spdx: tuple[str, ...]
    is_exception: bool
    is_deprecated: bool


@dataclass(frozen=True)
class SpdxLicense:
    id: str
    name: str
    osi: bool
    fsf: bool
    deprecated: bool


def _read_json(name: str) -> Any:
    return json.loads((KNOWLEDGE / name).read_text(encoding="utf-8"))


def _clean(value: str | None) -> str:
    """Trim, collapse whitespace, drop wrapping quotes and a `license:` tag prefix."""
    if value is None:
        return ""
    v = " ".join(str(value).split()).strip("\"'` ")
    if v.lower().startswith("license:"):
        v = v[len("license:") :].strip()
    return v


def link_key(url: str) -> str:
    """A license_link compared without scheme, `www.`, query and trailing slash."""
    v = _clean(url).lower()
    v = re.sub(r"^[a-z]+://", "", v).split("?", 1)[0].split("#", 1)[0].rstrip("/")
    return v[4:] if v.startswith("www.") else v


class Knowledge:
    """Every table the normalizer and the term rules read, built once from `knowledge/`."""

    def __init__(self) -> None:
        import yaml

        spdx = _read_json("spdx-licenses.json")
        self.spdx_version: str = spdx["licenseListVersion"]
        self.spdx = {r[0].lower(): SpdxLicense(*r) for r in spdx["licenses"]}
        self.exceptions = {r[0].lower(): (r[0], r[1]) for r in spdx["exceptions"]}
        self.replacement: dict[str, str] = {}  # deprecated GNU id (lower) -> current key
        for low, lic in self.spdx.items():
            m = _GNU_DEPRECATED.match(lic.id)
            if lic.deprecated and m:
                target = f"{m[1]}-{m[2]}-{'or-later' if m[3] else 'only'}".lower()
                if target in self.spdx:
                    self.replacement[low] = target
        # Keyed in lower case: a couple of ScanCode keys have capitals (`YOLO`).
        self.scancode = {r[0].lower(): ScanCodeKey(r[0], r[1], r[2], tuple(r[3]), r[4], r[5]) for r in _read_json("scancode-index.json")["keys"]}
        with open(KNOWLEDGE / "hf-license-ids.csv", newline="", encoding="utf-8") as fh:
            self.hf = {r["hf_id"].lower(): r for r in csv.DictReader(fh)}
        cur = yaml.safe_load((KNOWLEDGE / "ml-license-terms.yaml").read_text(encoding="utf-8"))
        self.curated: dict[str, dict[str, Any]] = cur["licenses"]
        self.no_info = {s.lower() for s in cur["no_information"]}
        self.flame: dict[str, str] = _read_json("flame-aliases.json")["aliases"]
        self.display: dict[str, str] = {}
        self.aliases: dict[str, str] = {}
        self.names: dict[str, str] = {}
        self.links: dict[str, str] = {}
        self.scancode_first: dict[str, str] = {}
        self._build(cur["aliases"])

    # -- building the alias table, highest priority first (setdefault keeps the first) --
    def _add(self, spelling: str, key: str) -> None:
        s = " ".join(spelling.split()).lower()
        if s:
            self.aliases.setdefault(s, key)

    def _build(self, source_aliases: dict[str, str]) -> None:
        for s in self.no_info:
            self._add(s, UNKNOWN)
        for key, entry in self.curated.items():
            self.display[key] = entry.get("id", key)
            for s in [key, entry.get("id", key)] + list(entry.get("aliases") or []):
                self._add(str(s), key)
            for n in entry.get("names") or []:
                self.names.setdefault(str(n).lower(), key)
            for url in entry.get("links") or []:
                self.links.setdefault(link_key(str(url)), key)
        for low, lic in self.spdx.items():
            if low not in self.replacement:
                self.display.setdefault(low, lic.id)
                self._add(low, low)
        for low, target in self.replacement.items():
            self._add(low, target)
        for low, (exc_id, _name) in self.exceptions.items():
            self.display.setdefault(low, exc_id)
            self._add(low, low)
        for low, row in self.hf.items():
            if low not in self.aliases:
                raise ValueError(f"Hugging Face id {row['hf_id']!r} is neither on SPDX nor in ml-license-terms.yaml")
            for url in (row["license_url"], row["info_url"]):
                if url:
                    self.links.setdefault(link_key(url), self.aliases[low])
        for spelling, target in source_aliases.items():
            self._add(spelling, self.aliases[target.lower()])
        # Curated spellings (ScanCode's stable-diffusion-2022-08-22 is creativeml-openrail-m)
        # win in the ScanCode-first reading too.
        curated = {str(s).lower() for key, e in self.curated.items() for s in [key, e.get("id", key)] + list(e.get("aliases") or [])}
        for k, sc in self.scancode.items():
            key = self._scancode_target(sc)
            self.scancode_first[k] = self.aliases[k] if k in curated else key
            self._add(k, key)
            self._add(f"licenseref-scancode-{k}", key)  # the display spelling reads back
            for s in (sc.spdx,) + sc.other_spdx:
                if s:
                    self._add(s, key)
        for alias, spdx_id in self.flame.items():
            target = self.aliases.get(spdx_id.lower())
            if target is not None:
                self._add(alias, target)
        for low, row in self.hf.items():  # full names as free text ("Llama 3.1 Community License Agreement")
            self._add(row["fullname"], self.aliases[low])
        for low, lic in self.spdx.items():
            self._add(lic.name, self.aliases[low])

    def _scancode_target(self, sc: ScanCodeKey) -> str:
        """A ScanCode key's license: its SPDX id when SPDX lists it, else LicenseRef-scancode-<key>."""
        spdx = sc.spdx.lower()
        if spdx in self.spdx:
            return self.replacement.get(spdx, spdx)
        if sc.is_exception and spdx in self.exceptions:
            return spdx
        key = f"licenseref-scancode-{sc.key}".lower()
        self.display.setdefault(key, f"LicenseRef-scancode-{sc.key}")
        return key

    # -- lookups -------------------------------------------------------------------------
    def lookup(self, spelling: str, scheme: str | None = None) -> str | None:
        """The key a single license spelling names, or None."""
        low = spelling.lower()
        if scheme == "scancode" and low in self.scancode_first:
            return self.scancode_first[low]
        return self.aliases.get(low)

    def is_known(self, key: str) -> bool:
        """False for unknown strings, the no-information and `other` nodes, and ScanCode's
        "Unstated License" keys (a license reference ScanCode could not identify)."""
        if key.startswith(UNKNOWN_PREFIX):
            return False
        entry = self.curated.get(key)
        if entry is not None and entry.get("known") is False:
            return False
        sc = self.scancode_key_of(key)
        return not (sc is not None and sc.category == "Unstated License")

    def scancode_key_of(self, key: str) -> ScanCodeKey | None:
        """The ScanCode entry behind a `licenseref-scancode-*` key."""
        if key.startswith("licenseref-scancode-"):
            return self.scancode.get(key[len("licenseref-scancode-") :])
        return None


@cache
def knowledge() -> Knowledge:
    """The shared tables, read on first use."""
    return Knowledge()


def _unknown(text: str, raw: str) -> LicenseMatch:
    return LicenseMatch(UNKNOWN_PREFIX + text.lower(), text, False, raw)


def _expression(text: str, scheme: str | None) -> tuple[str, str, bool] | None:
    """Parse an SPDX-style expression (`X WITH Y`, `A AND (B OR C)`): (key, id, known),
    or None when some part does not normalize. Operators must be upper case, as ScanCode
    and SPDX write them; lower-case `with` in free text is part of a name."""
    toks = _TOKEN.findall(text)
    if not any(t in _OPERATORS for t in toks):
        return None
    k = knowledge()
    pos = 0

    def peek() -> str | None:
        return toks[pos] if pos < len(toks) else None

    def take() -> str:
        nonlocal pos
        pos += 1
        return toks[pos - 1]

    def leaf() -> tuple[str, bool] | None:
        if peek() == "(":
            take()
            inner = disjunction()
            if inner is None or take() != ")":
                return None
            return f"({inner[0]})", inner[1]
        tok = take()
        key = k.lookup(tok, scheme)
        if key is None:
            return None
        out, known = k.display.get(key, key), k.is_known(key)
        if peek() == "WITH":
            take()
            exc = k.lookup(take() if peek() else "", scheme)
            if exc is None:
                return None
            out, known = f"{out} WITH {k.display.get(exc, exc)}", known and k.is_known(exc)
        return out, known

    def chain(op: str, sub: Any) -> tuple[str, bool] | None:
        first = sub()
        if first is None:
            return None
        parts, known = [first[0]], first[1]
        while peek() == op:
            take()
            nxt = sub()
            if nxt is None:
                return None
            parts.append(nxt[0])
            known = known and nxt[1]
        return f" {op} ".join(parts), known

    def conjunction() -> tuple[str, bool] | None:
        return chain("AND", leaf)

    def disjunction() -> tuple[str, bool] | None:
        return chain("OR", conjunction)

    try:
        result = disjunction()
    except IndexError:
        return None
    if result is None or pos != len(toks):
        return None
    return result[0].lower(), result[0], result[1]


def _match_string(text: str, raw: str, scheme: str | None) -> LicenseMatch:
    k = knowledge()
    key = k.lookup(text, scheme)
    if key is not None:
        return LicenseMatch(key, k.display.get(key, key), k.is_known(key), raw)
    expr = _expression(text, scheme)
    if expr is not None:
        return LicenseMatch(expr[0], expr[1], expr[2], raw)
    return _unknown(text, raw)


@lru_cache(maxsize=1 << 16)
def normalize(raw: str | None, name: str | None = None, link: str | None = None, *, scheme: str | None = None) -> LicenseMatch | None:
    """The license a declared string names; None when nothing is declared.

    `raw` is the license as declared (an HF id, ScanCode key, SPDX id or expression, free
    text). `name` and `link` are a model card's `license_name` / `license_link`: they are
    read only when `raw` is missing, `other` or means "no information" (a card that says
    `license: apache-2.0` is Apache-2.0 whatever its license_name says). A name that is not
    a license ptmkg knows gives an unknown license keyed on the name.

    `scheme="scancode"` reads raw strings as ScanCode keys first: a few ScanCode keys are
    spelled like a different SPDX license (`x11` is ScanCode's ICU, SPDX's X11) and the
    default reading is SPDX's.
    """
    k = knowledge()
    text, nm, ln = _clean(raw), _clean(name), _clean(link)
    if nm.lower() in k.no_info or nm.lower() == "other":
        nm = ""  # a license_name of "other"/"unknown" names nothing
    if not (text or nm or ln):
        return None
    # `raw` keeps the declared spelling (a `license:` prefix included), whitespace collapsed.
    declared = " ".join(str(raw).split()) if text else (nm or ln)
    low = text.lower()
    placeholder = not text or low == "other" or low in k.no_info
    if not placeholder or not (nm or ln):
        return _match_string(text, declared, scheme)
    if nm:
        key = k.names.get(nm.lower()) or k.lookup(nm)
        if key is not None and key not in (UNKNOWN, "other"):
            return LicenseMatch(key, k.display.get(key, key), k.is_known(key), declared)
    if ln:
        key = k.links.get(link_key(ln))
        if key is not None:
            return LicenseMatch(key, k.display.get(key, key), k.is_known(key), declared)
    if nm:
        return _unknown(nm, declared)
    return _match_string(text, declared, scheme) if text else _unknown(ln, declared)


def license_node_row(match: LicenseMatch, source: str | None = None) -> dict[str, Any]:
    """The License node properties for a match (everything but `key`), with the normalized
    terms ptmkg knows for it: `Batch.ref("License", m.key, **license_node_row(m))`, so
    every loader creates License nodes (those of unknown strings too) the same way.
    `source`, when given, is recorded in the node's `source` list."""
    from ptmkg.loaders.license_terms import terms_for

    row = dict(terms_for(match.key, match.id))
    if source is not None:
        row["source"] = [source]
    return row


license_row = license_node_row  # shorter name used inside the license modules
