"""Fetching from the live Hugging Face Hub API, with the retries a crawler needs.

`HubClient` asks the Hub for one model (`HfApi.model_info`) or a listing (`/api/models`
with the same query `HfApi.list_models` sends) and returns records in the hub-stats shape
that `hf_mapping.map_model` reads. Nothing here touches the graph.

Failures: a 429 waits what `Retry-After` (seconds or an HTTP date) or the `RateLimit`
header asks, capped; 408/5xx, timeouts and connection errors back off exponentially with
jitter; a body that is not JSON or not a Hub record is retried too. After the allowed
retries the call raises `FetchFailed` with the reason. A 404 raises `NotFound` at once; a
refused token (401) raises `AuthFailed` and offline mode `HubUnavailable`, which end the crawl.

Why listings do not go through `HfApi.list_models`: it passes `timeout=None` down to the
HTTP client explicitly (a stalled connection would hang the crawl for ever, whatever the
client's default), retries inside with its own fixed policy (five times, uncapped
Retry-After, no jitter), and cannot restart from a page. The pages are fetched here with
huggingface_hub's own session, headers and error mapping, with the query `list_models`
builds (a test compares the two), following the same `Link` header.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Iterator, TypeVar
from urllib.parse import urljoin

import httpx2
from huggingface_hub import HfApi, ModelInfo
from huggingface_hub.errors import HFValidationError, HfHubHTTPError, OfflineModeIsEnabled, RepositoryNotFoundError
from huggingface_hub.utils import build_hf_headers, get_session, hf_raise_for_status, parse_ratelimit_headers

from ptmkg import __version__
from ptmkg.errors import PtmkgError

log = logging.getLogger(__name__)
T = TypeVar("T")

DEFAULT_ENDPOINT = "https://huggingface.co"
# The fields hf_mapping reads; every one is an accepted `expand` value of the Hub API
# (huggingface_hub's ExpandModelProperty_T). `id` always comes back.
EXPAND = [
    "author", "createdAt", "lastModified", "downloads", "downloadsAllTime", "likes", "tags",
    "cardData", "safetensors", "gguf", "baseModels", "pipeline_tag", "library_name", "gated",
]  # fmt: skip
RETRY_STATUS = (408, 429, 500, 502, 503, 504)


class FetchFailed(Exception):
    """The Hub did not give a usable answer, after the allowed retries; says why.
    `transient`: the failure was the server's or the network's (5xx, 429, timeouts,
    connections), not the answer's: many in a row mean an outage, not bad records."""

    def __init__(self, reason: str, transient: bool = False) -> None:
        super().__init__(reason)
        self.transient = transient


class NotFound(Exception):
    """The Hub has no such model (404)."""


class AuthFailed(PtmkgError):
    """The Hub refused the credentials (401 on a request that is not about one repo): every
    further request would fail the same way, so the crawl stops."""


class HubUnavailable(PtmkgError):
    """The Hub cannot be used at all (offline mode, or an outage): the crawl stops."""


class BadResponse(Exception):
    """A 200 whose body is not valid JSON or not shaped like a Hub answer (retried)."""


@dataclass(frozen=True)
class RetryPolicy:
    """How often and how long to retry one request.

    `retries` attempts after the first; waits grow from `backoff` seconds, doubling, up to
    `max_backoff`, each drawn between half and all of that (jitter keeps many clients from
    retrying in step). A server-requested wait (429) is honoured up to `max_wait`."""

    retries: int = 5
    backoff: float = 1.0
    max_backoff: float = 30.0
    max_wait: float = 120.0

    def delay(self, attempt: int, requested: float | None = None) -> float:
        """Seconds to wait before retry number `attempt + 1`."""
        if requested is not None:
            return min(max(requested, 0.0), self.max_wait)
        step = min(self.max_backoff, self.backoff * (2**attempt))
        return random.uniform(step / 2, step)


def retry_after_seconds(headers: Any, now: float | None = None) -> float | None:
    """The wait a 429 asks for: `Retry-After` as seconds or an HTTP date, else the IETF
    `RateLimit` header the Hub sends (`"api";r=0;t=55`). None when neither says."""
    value = (headers.get("Retry-After") or "").strip()
    if value:
        if value.isdigit():
            return float(value)
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            when = None
        if when is not None:
            if when.tzinfo is None:
                when = when.replace(tzinfo=timezone.utc)
            now_dt = datetime.fromtimestamp(now if now is not None else time.time(), timezone.utc)
            return max(0.0, (when - now_dt).total_seconds())
    info = parse_ratelimit_headers(headers)
    if info is not None and info.remaining == 0:
        return float(info.reset_in_seconds)
    return None


# -- records ------------------------------------------------------------------------------
def _iso(value: Any) -> Any:
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def record_from_info(info: ModelInfo) -> dict[str, Any]:
    """A `ModelInfo` (from `model_info` or `list_models`) as a hub-stats record."""
    card = info.card_data
    if card is not None and hasattr(card, "to_dict"):
        card = card.to_dict()
    st = info.safetensors
    return {
        "id": info.id,
        "author": info.author,
        "createdAt": _iso(info.created_at),
        "lastModified": _iso(info.last_modified),
        "downloads": info.downloads,
        "downloadsAllTime": info.downloads_all_time,
        "likes": info.likes,
        "tags": info.tags,
        "cardData": card,
        "safetensors": {"parameters": st.parameters, "total": st.total} if st is not None else None,
        "gguf": info.gguf,
        "baseModels": info.base_models,
        "pipeline_tag": info.pipeline_tag,
        "library_name": info.library_name,
        "gated": info.gated,
    }


def record_from_json(item: Any) -> dict[str, Any]:
    """One item of a raw `/api/models` answer as a hub-stats record (the API with `expand`
    already has that shape; only the fields the mapping reads are kept)."""
    if not isinstance(item, dict) or not isinstance(item.get("id"), str):
        raise BadResponse(f"not a Hub model record: {json.dumps(item, default=str)[:120]}")
    rec = {k: item.get(k) for k in EXPAND}
    rec["id"] = item["id"]
    return rec


# -- the client ---------------------------------------------------------------------------
@dataclass
class Page:
    """One listing page: its items (records or the reason one is unusable) and the next
    page's URL (None on the last page)."""

    url: str | None  # None: the first page, built from the query
    items: list[dict[str, Any] | BadResponse]
    next_url: str | None


class HubClient:
    """The Hub API at `endpoint` (default: `HF_ENDPOINT`, else huggingface.co), with the
    token from `token` or `HF_TOKEN` (never logged or printed). Both are read when the
    client is made, not at import, so the environment of the moment applies."""

    def __init__(
        self,
        endpoint: str | None = None,
        token: str | None = None,
        timeout: float = 30.0,
        policy: RetryPolicy | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoint = (endpoint or os.environ.get("HF_ENDPOINT") or DEFAULT_ENDPOINT).rstrip("/")
        # None lets huggingface_hub fall back to a token saved by `hf auth login`.
        self._token = token if token is not None else (os.environ.get("HF_TOKEN") or None)
        self.timeout = timeout
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.api = HfApi(endpoint=self.endpoint, token=self._token, library_name="ptmkg", library_version=__version__)

    def __repr__(self) -> str:  # never show the token
        return f"HubClient({self.endpoint!r}, timeout={self.timeout})"

    def model(self, repo_id: str) -> dict[str, Any]:
        """The record of one model. Raises NotFound (404) or FetchFailed (after retries)."""

        def call() -> dict[str, Any]:
            try:
                info = self.api.model_info(
                    repo_id, expand=EXPAND, timeout=self.timeout, token=self._token  # type: ignore[arg-type]
                )
            except json.JSONDecodeError as e:
                raise BadResponse(f"broken JSON: {e.msg} at {e.pos}") from None
            except (KeyError, TypeError, ValueError, AttributeError) as e:
                if isinstance(e, HFValidationError):
                    raise
                # ModelInfo(**body) failed: a list, an object without `id`, a bad date
                raise BadResponse(f"not a Hub model record ({type(e).__name__}: {str(e)[:80]})") from None
            return record_from_info(info)

        return self._retrying(f"model {repo_id}", call)

    def list_query(
        self, *, author: str | None = None, search: str | None = None, filter: str | None = None, limit: int | None = None
    ) -> dict[str, Any]:
        """The query string `HfApi.list_models(..., sort="last_modified", expand=EXPAND)` sends:
        newest modification first (the Hub sorts descending)."""
        params: dict[str, Any] = {}
        if filter:
            params["filter"] = [filter]
        if author:
            params["author"] = author
        if search:
            params["search"] = search
        params["sort"] = "lastModified"
        if limit is not None:
            params["limit"] = limit
        params["expand"] = list(EXPAND)
        return params

    def page(self, query: dict[str, Any], url: str | None = None) -> Page:
        """One page of a listing: the first (url None) or the one a `Link` header named."""

        def call() -> Page:
            headers = build_hf_headers(token=self._token, library_name="ptmkg", library_version=__version__)
            if url is None:
                r = get_session().get(f"{self.endpoint}/api/models", params=query, headers=headers, timeout=self.timeout)
            else:
                r = get_session().get(url, headers=headers, timeout=self.timeout)
            hf_raise_for_status(r)
            try:
                body = r.json()
            except ValueError as e:
                raise BadResponse(f"broken JSON: {getattr(e, 'msg', e)}") from None
            if not isinstance(body, list):
                raise BadResponse(f"not a model listing: expected a JSON array, got {type(body).__name__}")
            items: list[dict[str, Any] | BadResponse] = []
            for item in body:
                try:
                    items.append(record_from_json(item))
                except BadResponse as e:
                    items.append(e)
            nxt = r.links.get("next", {}).get("url")
            return Page(url, items, urljoin(str(r.url), nxt) if nxt else None)

        return self._retrying("listing", call)

    def pages(self, query: dict[str, Any], url: str | None = None) -> Iterator[Page]:
        """The pages of a listing from `url` (None: the first) to the last."""
        while True:
            p = self.page(query, url)
            yield p
            if p.next_url is None:
                return
            url = p.next_url

    def _retrying(self, what: str, call: Callable[[], T]) -> T:
        """Run one request, retrying what a retry can fix (see the module docstring)."""
        attempt = 0
        while True:
            requested: float | None = None  # the wait a 429 asks for
            transient = True  # the server's or the network's fault, not the answer's
            try:
                return call()
            except HFValidationError as e:
                raise FetchFailed(f"invalid id: {str(e).splitlines()[0][:120]}") from None
            except OfflineModeIsEnabled:
                raise HubUnavailable("HF_HUB_OFFLINE is set; ingest hf-api needs the Hub") from None
            except RepositoryNotFoundError:
                # also what huggingface_hub makes of the 401 the Hub gives anonymous
                # callers for a repo that does not exist (or is private)
                raise NotFound(what) from None
            except HfHubHTTPError as e:
                status = e.response.status_code if e.response is not None else 0
                if status == 404:
                    raise NotFound(what) from None
                if status == 401:
                    raise AuthFailed(f"the Hub at {self.endpoint} refused the credentials (HTTP 401); check HF_TOKEN") from None
                if status not in RETRY_STATUS:
                    raise FetchFailed(f"HTTP {status}: {str(e).strip().splitlines()[0][:160]}") from None
                reason = f"HTTP {status}"
                if status == 429:
                    requested = retry_after_seconds(e.response.headers)
            except httpx2.TimeoutException:
                reason = f"timed out after {self.timeout:g} s"
            except (httpx2.NetworkError, httpx2.RemoteProtocolError, httpx2.ProxyError) as e:
                reason = f"connection failed ({type(e).__name__})"
            except BadResponse as e:
                reason, transient = str(e), False
            if attempt >= self.policy.retries:
                raise FetchFailed(f"{reason} (gave up after {attempt + 1} attempts)", transient)
            wait = self.policy.delay(attempt, requested)
            # a long wait is worth a line on stderr (a crawl that seems stuck is waiting)
            level = logging.WARNING if wait >= 5 else logging.INFO
            log.log(level, "%s: %s; retry %d/%d in %.1f s", what, reason, attempt + 1, self.policy.retries, wait)
            self.sleep(wait)
            attempt += 1
