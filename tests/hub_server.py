"""A local double of the Hugging Face Hub API for the hf-api tests (no internet needed).

It serves real hub-stats rows as the Hub API does, for the requests huggingface_hub makes:
- `GET /api/models/{repo_id}?expand=...`: one model (case-insensitive id); 404 with
  `X-Error-Code: RepoNotFound` when unknown;
- `GET /api/models?author=&search=&filter=&sort=&direction=&limit=&expand=`: a listing,
  `limit` items a page at most (and never more than `page_size`), the next page named by a
  `Link: <...>; rel="next"` header with an opaque `cursor`, as the Hub paginates.
With `expand`, an answer holds `_id`, `id` and the expanded fields the row has (the Hub
leaves absent ones out); `cardData` and `gguf`, JSON text in hub-stats, are objects here.
An `expand` value the installed huggingface_hub does not know is a 400, like the Hub.

With `token` set, every request must carry `Authorization: Bearer <token>` (else 401).
Faults are injected per path (`fail`), each used once, in order; every request is logged
(`log`) with its arrival time, so tests can check retries, waits and what was asked.
"""

from __future__ import annotations

import base64
import json
import threading
import time
import typing
from dataclasses import dataclass, field
from hashlib import sha1
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Iterable
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from huggingface_hub.hf_api import ExpandModelProperty_T

EXPANDABLE = set(typing.get_args(ExpandModelProperty_T))
# What the Hub lists without `expand` (a subset; the crawler always expands).
LIST_DEFAULT = ("likes", "trendingScore", "downloads", "tags", "pipeline_tag", "library_name", "createdAt")
SORTS = ("lastModified", "createdAt", "downloads", "likes", "trendingScore")
JSON_TEXT = ("cardData", "gguf")  # JSON strings in hub-stats, objects in the API


@dataclass
class Fault:
    """One injected failure: `status` (with `headers`), a `sleep` before answering
    normally (longer than the client's timeout: a timeout), or a 200 whose `body` is not
    what the client expects (broken JSON, or JSON that is not a Hub answer)."""

    status: int | None = None
    headers: dict[str, str] = field(default_factory=dict)
    sleep: float = 0.0
    body: bytes | None = None


def retry_after(seconds: int | str, status: int = 429) -> Fault:
    return Fault(status, {"Retry-After": str(seconds)})


def status(code: int) -> Fault:
    return Fault(code)


def timeout(seconds: float) -> Fault:
    return Fault(sleep=seconds)


BROKEN_JSON = Fault(body=b'{"id": "x", "downloads": 12, "tags": ["a"')
NOT_A_MODEL = Fault(body=b'{"error": "something else", "items": []}')


@dataclass
class Request:
    at: float  # time.monotonic() on arrival
    wall: float  # time.time() on arrival
    path: str
    query: dict[str, list[str]]
    authorization: str | None
    status: int = 0


def api_view(row: dict[str, Any], fields: Iterable[str]) -> dict[str, Any]:
    """A hub-stats row as the Hub API shows it with these fields."""
    out: dict[str, Any] = {"_id": sha1(row["id"].encode()).hexdigest()[:24], "id": row["id"]}
    for name in fields:
        value = row.get(name)
        if name == "gated" and value is None:
            value = False
        if name in JSON_TEXT and isinstance(value, str):
            value = json.loads(value) if value.strip() else None
        if value is not None:
            out[name] = value
    return out


class HubServer:
    """The Hub double on 127.0.0.1 (a free port), serving `rows` (mutable: tests edit
    them between crawls). Use as a context manager; `url` is its endpoint."""

    def __init__(self, rows: Iterable[dict[str, Any]], page_size: int = 1000, token: str | None = None) -> None:
        self.rows: dict[str, dict[str, Any]] = {r["id"].lower(): dict(r) for r in rows}
        self.page_size = page_size
        self.token = token
        self.faults: dict[str, list[Fault]] = {}
        self.log: list[Request] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="hub-double", daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> "HubServer":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- test controls ----------------------------------------------------------------
    @staticmethod
    def model_path(repo_id: str) -> str:
        return f"/api/models/{repo_id}"

    def fail(self, path: str, *faults: Fault) -> None:
        """Answer the next requests for `path` with these faults, one each, in order."""
        with self._lock:
            self.faults.setdefault(path, []).extend(faults)

    def requests_for(self, path: str) -> list[Request]:
        return [r for r in self.log if r.path == path]

    def model_requests(self) -> list[str]:
        """Ids asked for one by one (`model_info`), in order."""
        return [r.path[len("/api/models/") :] for r in self.log if r.path.startswith("/api/models/")]

    def listings(self) -> list[Request]:
        return [r for r in self.log if r.path == "/api/models"]

    # -- answers ----------------------------------------------------------------------
    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            queue = self.faults.get(path)
            return queue.pop(0) if queue else None

    def model(self, repo_id: str, query: dict[str, list[str]]) -> tuple[int, dict[str, str], Any]:
        row = self.rows.get(repo_id.lower())
        if row is None:
            return 404, {"X-Error-Code": "RepoNotFound", "X-Error-Message": "Repository not found"}, {"error": "Repository not found"}
        fields = _expand(query)
        if isinstance(fields, str):
            return 400, {}, {"error": fields}
        return 200, {}, api_view(row, fields if fields is not None else [k for k in row if k != "id"])

    def listing(self, query: dict[str, list[str]], host: str) -> tuple[int, dict[str, str], Any]:
        fields = _expand(query)
        if isinstance(fields, str):
            return 400, {}, {"error": fields}
        rows = list(self.rows.values())
        for tag in query.get("filter", []):
            rows = [r for r in rows if tag in (r.get("tags") or [])]
        if "author" in query:
            author = query["author"][0].lower()
            rows = [r for r in rows if (r.get("author") or "").lower() == author]
        if "search" in query:
            text = query["search"][0].lower()
            rows = [r for r in rows if text in r["id"].lower()]
        if "sort" in query:
            sort = query["sort"][0]
            if sort not in SORTS:
                return 400, {}, {"error": f"Invalid sort parameter: {sort}"}
            descending = query.get("direction", ["-1"])[0] != "1"  # the Hub sorts descending
            rows.sort(key=lambda r: r["id"].lower())  # ties in a stable order
            rows.sort(key=lambda r: (r.get(sort) is not None, r.get(sort) or 0), reverse=descending)
        size = self.page_size
        if "limit" in query:
            size = min(size, int(query["limit"][0]))
        start = int(base64.urlsafe_b64decode(query["cursor"][0]).decode()) if "cursor" in query else 0
        page = rows[start : start + size]
        headers = {}
        if start + size < len(rows):
            nxt = {k: v for k, v in query.items() if k != "cursor"}
            nxt["cursor"] = [base64.urlsafe_b64encode(str(start + size).encode()).decode()]
            headers["Link"] = f'<http://{host}/api/models?{urlencode(nxt, doseq=True)}>; rel="next"'
        return 200, headers, [api_view(r, fields if fields is not None else LIST_DEFAULT) for r in page]


def _expand(query: dict[str, list[str]]) -> list[str] | str | None:
    """The expanded fields; an error message for an unknown one; None without expand."""
    values = query.get("expand", []) + query.get("expand[]", [])
    if not values:
        return None
    unknown = [v for v in values if v not in EXPANDABLE]
    return f"Invalid expand value(s): {', '.join(unknown)}" if unknown else values


def _handler(server: HubServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            path = unquote(parts.path)
            query = parse_qs(parts.query, keep_blank_values=True)
            req = Request(time.monotonic(), time.time(), path, query, self.headers.get("Authorization"))
            with server._lock:
                server.log.append(req)
            if server.token is not None and req.authorization != f"Bearer {server.token}":
                return self._send(req, 401, {"X-Error-Message": "Invalid credentials in Authorization header"}, {"error": "Invalid credentials in Authorization header"})
            fault = server._take_fault(path)
            if fault is not None:
                if fault.sleep:
                    time.sleep(fault.sleep)  # then answer normally, to a client gone by now
                elif fault.status is not None:
                    return self._send(req, fault.status, fault.headers, {"error": f"injected {fault.status}"})
                elif fault.body is not None:
                    return self._send_bytes(req, 200, {"Content-Type": "application/json"}, fault.body)
            if path == "/api/models":
                code, headers, body = server.listing(query, self.headers.get("Host") or server.url[7:])
            elif path.startswith("/api/models/"):
                code, headers, body = server.model(path[len("/api/models/") :], query)
            else:
                code, headers, body = 404, {}, {"error": "not found"}
            self._send(req, code, headers, body)

        def _send(self, req: Request, code: int, headers: dict[str, str], body: Any) -> None:
            self._send_bytes(req, code, {"Content-Type": "application/json", **headers}, json.dumps(body).encode())

        def _send_bytes(self, req: Request, code: int, headers: dict[str, str], data: bytes) -> None:
            req.status = code
            try:
                self.send_response(code)
                for k, v in headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (a timeout test)

    return Handler
