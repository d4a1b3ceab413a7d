"""IRIs of graph nodes and of the records the export mints.

Rules (docs/rdf.md has the table):
- nodes reuse the platforms' canonical URLs: `https://huggingface.co/{id}`,
  `https://huggingface.co/datasets/{id}`, `https://github.com/{owner}/{repo}`,
  `https://arxiv.org/abs/{id}`, `https://doi.org/{doi}`, `http://spdx.org/licenses/{SPDX id}`;
- everything else is minted under `https://w3id.org/ptmkg/id/` from the node's key (its
  identity), so two nodes never share an IRI;
- derivation, link and verdict records get a stable hash of their endpoints' keys, never
  blank nodes, so two dumps of the same graph are equal line for line and merge cleanly.

Encoding: the output is always a valid RFC 3986 URI (hence also a valid RFC 3987 IRI).
Characters outside the URI's unreserved set, sub-delims, `:`, `@` and the path `/` are
percent-encoded, non-ASCII as the %XX of its UTF-8 bytes; a literal `%` in an id becomes
`%25` and `#`/`?` become `%23`/`%3F`, so an id never turns into a fragment or a query.
Ids made of the usual characters stay readable (`Qwen/Qwen2.5-7B-Instruct`). URLs taken
from the data (`url` properties) keep their valid %XX escapes and are checked strictly.
"""

from __future__ import annotations

import hashlib
import re
from functools import lru_cache
from typing import Any, Mapping
from urllib.parse import quote

from ptmkg.export.terms import ID, SPDX_LICENSES

# RFC 3986 pchar minus pct-encoded: unreserved, sub-delims, ":", "@"; "/" separates segments.
_SAFE = "/:@!$&'()*+,;=-._~"
_HF = "https://huggingface.co/"
_GH = "https://github.com/"
# Model keys of hubs without a canonical page of their own: `hub:rest`.
_MINTED_HUBS = ("pytorchhub", "onnx", "modelzoo", "modelhub")


def encode_path(text: str) -> str:
    """Percent-encode an id for use as an IRI path (slashes kept as separators)."""
    out = quote(text, safe=_SAFE)
    if "." in out:
        # "." and ".." segments would be removed by RFC 3986 normalization: encode them.
        segs = out.split("/")
        out = "/".join(s.replace(".", "%2E") if s in (".", "..") else s for s in segs)
    return out


def _spelling(key: str, id_: Any) -> str:
    """The id as its source spells it when it names the same key, else the key itself
    (so a node's IRI can never be another node's)."""
    if isinstance(id_, str) and id_.strip() and id_.strip().lower() == key:
        return id_.strip()
    return key


def digest(*parts: str) -> str:
    """A stable 128-bit hex digest of the given strings (keys of the endpoints)."""
    h = hashlib.sha256("\x1f".join(parts).encode("utf-8"))
    return h.hexdigest()[:32]


def model_iri(key: str, id_: Any = None, hub: Any = None) -> str:
    """A model's IRI: its Hugging Face page, else a minted `id/model/{hub}/{rest}`."""
    prefix, sep, rest = key.partition(":")
    if sep and prefix in _MINTED_HUBS:
        return f"{ID}model/{prefix}/{encode_path(rest)}"
    if hub not in (None, "huggingface"):
        return f"{ID}model/{encode_path(str(hub))}/{encode_path(key)}"
    return _HF + encode_path(_spelling(key, id_))


def dataset_iri(key: str, id_: Any = None) -> str:
    return f"{_HF}datasets/{encode_path(_spelling(key, id_))}"


def repository_iri(key: str, id_: Any = None) -> str:
    return _GH + encode_path(_spelling(key, id_))


def organization_iri(key: str, id_: Any = None, url: Any = None) -> str:
    """A Hugging Face or GitHub profile when the node's url says which, else minted."""
    host = _host(url)
    if host in ("huggingface.co", "hf.co", "www.huggingface.co"):
        return _HF + encode_path(_spelling(key, id_))
    if host in ("github.com", "www.github.com"):
        return _GH + encode_path(_spelling(key, id_))
    return f"{ID}organization/{encode_path(key)}"


def paper_iri(key: str, id_: Any = None) -> str:
    """arXiv abstract page or DOI resolver URL; minted for anything else."""
    prefix, sep, rest = _spelling(key, id_).partition(":")
    if sep and prefix.lower() == "arxiv" and rest:
        return f"https://arxiv.org/abs/{encode_path(rest)}"
    if sep and prefix.lower() == "doi" and rest:
        # DOIs may hold any printable character; `/` stays readable, the rest is encoded.
        return f"https://doi.org/{encode_path(rest)}"
    return f"{ID}paper/{encode_path(key)}"


_SPDX_ID = re.compile(r"^[A-Za-z0-9.+-]+$")


def spdx_single(spdx_id: Any) -> str | None:
    """The SPDX id when it names one license or exception; None for an expression
    (`GPL-3.0-or-later WITH GCC-exception-3.1`), which has no IRI of its own."""
    if isinstance(spdx_id, str) and _SPDX_ID.match(spdx_id.strip()):
        return spdx_id.strip()
    return None


def license_iri(key: str, spdx_id: Any = None) -> str:
    """SPDX's IRI (SPDX casing) for licenses on the SPDX list, else minted from the key."""
    single = spdx_single(spdx_id)
    if single:
        return SPDX_LICENSES + single
    return f"{ID}license/{encode_path(key)}"


_LICENSEREF = re.compile(r"^LicenseRef-[A-Za-z0-9.-]+$")


def license_ref(key: str, id_: Any = None) -> str:
    """An SPDX `LicenseRef-` identifier for a license that is not on the SPDX list.

    ScanCode's own `LicenseRef-scancode-...` ids are kept; others become
    `LicenseRef-ptmkg-{key}` with characters SPDX does not allow replaced by `-` and, when
    anything was replaced, a short hash of the key appended so the identifier stays unique.
    """
    if isinstance(id_, str) and _LICENSEREF.match(id_):
        return id_
    clean = re.sub(r"[^A-Za-z0-9.-]", "-", key)
    if clean != key:
        clean = f"{clean}-{digest(key)[:8]}"
    return f"LicenseRef-ptmkg-{clean}"


def derivation_iri(child_key: str, base_key: str) -> str:
    return f"{ID}derivation/{digest('BASED_ON', child_key, base_key)}"


def link_iri(type_: str, from_label: str, from_key: str, to_label: str, to_key: str) -> str:
    # Labels are part of the hash: a repository and a model may share a key (`owner/name`).
    return f"{ID}link/{digest(type_, from_label, from_key, to_label, to_key)}"


def verdict_iri(from_key: str, to_key: str, source: str) -> str:
    return f"{ID}compatibility/{digest('COMPATIBLE_INTO', from_key, to_key, source)}"


def counter_iri(model_key: str, what: str) -> str:
    return f"{ID}counter/{digest('Model', model_key)}-{what}"


def task_iri(task: str) -> str:
    return f"{_HF}tasks/{encode_path(task)}"


def purl(key: str, id_: Any = None) -> str | None:
    """The package URL of a Hugging Face model (`pkg:huggingface/org/name`)."""
    prefix, sep, _ = key.partition(":")
    if sep:
        return None
    return "pkg:huggingface/" + quote(_spelling(key, id_), safe="/-._~")


def node_iri(label: str, row: Mapping[str, Any]) -> str:
    """The IRI of a node of any label, from the properties `IRI_PROPS[label]` names."""
    key = row["key"]
    if label == "Model":
        return model_iri(key, row.get("id"), row.get("hub"))
    if label == "Dataset":
        return dataset_iri(key, row.get("id"))
    if label == "Repository":
        return repository_iri(key, row.get("id"))
    if label == "Organization":
        return organization_iri(key, row.get("id"), row.get("url"))
    if label == "Paper":
        return paper_iri(key, row.get("id"))
    if label == "License":
        return license_iri(key, row.get("spdx_id"))
    raise ValueError(f"no IRI rule for label {label!r}")


# The properties a node's IRI depends on (edge queries fetch them for both endpoints).
IRI_PROPS: dict[str, tuple[str, ...]] = {
    "Model": ("key", "id", "hub"),
    "Dataset": ("key", "id"),
    "Repository": ("key", "id"),
    "Organization": ("key", "id", "url"),
    "Paper": ("key", "id"),
    "License": ("key", "spdx_id"),
}


def _host(url: Any) -> str | None:
    if not isinstance(url, str):
        return None
    m = re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:]+)", url.strip())
    return m.group(1).lower() if m else None


_ENCODE_IN_URL = re.compile(r"%(?![0-9A-Fa-f]{2})|[^A-Za-z0-9\-._~:/?#@!$&'()*+,;=%]")


@lru_cache(maxsize=4096)
def url_iri(url: str) -> str | None:
    """An http(s) URL from the data as an IRI: characters a URI may not hold are
    percent-encoded (existing %XX kept); None when it is not an absolute http(s) URL even
    then (such values are left out of the export and counted). The result is checked with
    Oxigraph's strict RFC 3987 parser."""
    from pyoxigraph import NamedNode

    u = url.strip()
    m = re.match(r"^(https?)://(\[[0-9A-Fa-f:.]+\])?", u, re.I)
    if not m:
        return None
    head = m.group(1).lower() + "://" + (m.group(2) or "")
    fixed = head + _ENCODE_IN_URL.sub(lambda g: quote(g.group(0), safe=""), u[m.end():])
    if fixed.count("#") > 1:  # later '#' are data, not fragment delimiters
        first, _, frag = fixed.partition("#")
        fixed = first + "#" + frag.replace("#", "%23")
    try:
        NamedNode(fixed)
    except ValueError:
        return None
    return fixed if _host(fixed) else None
