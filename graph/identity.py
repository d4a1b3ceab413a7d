"""Identity of graph entities: one key per thing, whatever spelling or URL names it.

Hugging Face ids and GitHub `owner/name` are case-insensitive (the sites redirect), so a
node's key is its id in lower case; the id keeps the spelling its own record uses. URLs
are reduced to ids. Legacy Hugging Face ids without an owner (`gpt2`) are resolved to
their current `owner/name` by the loaders where the data allows; the old id is kept as
an alias (see `ptmkg.loaders.identity`).
"""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit

_HF_HOSTS = {"huggingface.co", "www.huggingface.co", "hf.co"}
_GH_HOSTS = {"github.com", "www.github.com"}
# Path prefixes of Hugging Face pages that are not part of a repo id.
_HF_KIND = {"datasets", "spaces", "models"}
_HF_TAIL = {"tree", "blob", "resolve", "raw", "commit", "discussions", "files", "edit"}


def _strip_url(value: str, hosts: set[str]) -> tuple[str, str | None]:
    """(path, kind) when value is a URL (or scheme-less host path) on one of hosts."""
    v = value.strip()
    if not re.match(r"^[a-z]+://", v, re.I):
        first = v.split("/", 1)[0].lower()
        if first in hosts:
            v = "https://" + v
        else:
            return v, None
    parts = urlsplit(v)
    if (parts.hostname or "").lower() not in hosts:
        return v, None
    return unquote(parts.path).strip("/"), "url"


def hf_id(value: str) -> str:
    """A Hugging Face model or dataset id from an id or a hub URL (`https://huggingface.co/
    org/name/tree/main` -> `org/name`). Whitespace trimmed, spelling kept."""
    path, kind = _strip_url(value, _HF_HOSTS)
    if kind is None:
        return value.strip().strip("/")
    segs = [s for s in path.split("/") if s]
    if segs and segs[0] in _HF_KIND:
        segs = segs[1:]
    for i, s in enumerate(segs):
        if s in _HF_TAIL:
            segs = segs[:i]
            break
    return "/".join(segs[:2])


def github_id(value: str) -> str:
    """`owner/name` from a GitHub URL or id (`github.com/microsoft/LoRA.git` -> `microsoft/LoRA`)."""
    path, kind = _strip_url(value, _GH_HOSTS)
    segs = [s for s in path.split("/") if s]
    repo = "/".join(segs[:2])
    if repo.endswith(".git"):
        repo = repo[:-4]
    return repo


def key_of(value: str) -> str:
    return value.strip().lower()


def entity_key(label: str, given: str) -> str:
    """The key a user-given name or URL denotes for a node label."""
    if label in ("Model", "Dataset"):
        return key_of(hf_id(given))
    if label == "Repository":
        return key_of(github_id(given))
    return key_of(given)
