"""The front door of ``wirecoder serve``: what every request passes before the API sees it.

- **Host names.** Only requests naming an allowed host (the loopback names, plus those
  given) are answered; any other ``Host`` gets 400. A page on another site whose name
  is made to resolve to 127.0.0.1 (DNS rebinding) thus cannot read the store.
- **URL length.** A path and query over :data:`MAX_URL_BYTES` get 414.
- **Security headers** (:data:`SECURITY_HEADERS`) on every response: no sniffing, no
  framing, no referrer, resources for this origin only, and a Content-Security-Policy
  that lets pages load scripts, styles and data from this server alone.
- **Unexpected errors** become a 500 ``{"error", "message"}`` without a traceback; the
  traceback goes to the log.

:data:`SERVER_OPTIONS` are the uvicorn settings ``serve`` runs with (header size cap,
concurrent connections).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from typing import Any

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "::1")
# Listening on every address says nothing about the name clients will use.
WILDCARD_ADDRESSES = ("", "0.0.0.0", "::")
MAX_URL_BYTES = 4096
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
}
SERVER_OPTIONS: dict[str, Any] = {
    "http": "h11",
    # Request line and headers together; h11 answers 400 beyond it.
    "h11_max_incomplete_event_size": 16 * 1024,
    # Connections and requests at once; uvicorn answers 503 beyond it.
    "limit_concurrency": 100,
    "server_header": False,
}
_RAW_HEADERS = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
log = logging.getLogger("wirecoder.api")


def error_response(status: int, message: str,
                   headers: Mapping[str, str] | None = None) -> JSONResponse:
    """The API's error shape: ``{"error": <status>, "message": <text>}``."""
    return JSONResponse({"error": status, "message": message}, status_code=status,
                        headers=headers)


def host_name(value: str) -> str:
    """The name in a ``Host`` header or a host setting, lower-cased, without port or
    IPv6 brackets: ``[::1]:8000`` → ``::1``, ``Localhost:80`` → ``localhost``."""
    value = value.strip().lower()
    if value.startswith("["):
        return value[1:value.find("]")] if "]" in value else value
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value  # a bare IPv6 address, or a name without port


def allowed_host_names(extra: Iterable[str] = ()) -> frozenset[str]:
    """The loopback names plus ``extra`` (wildcard listening addresses left out)."""
    names = {host_name(h) for h in (*LOOPBACK_HOSTS, *extra)}
    return frozenset(names - set(WILDCARD_ADDRESSES))


class ServerGuard:
    """ASGI middleware doing what the module docstring lists, around ``app``."""

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = (),
                 max_url_bytes: int = MAX_URL_BYTES) -> None:
        self.app = app
        self.allowed = allowed_host_names(allowed_hosts)
        self.max_url_bytes = max_url_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                present = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [*message.get("headers", []),
                                      *(h for h in _RAW_HEADERS if h[0] not in present)]
            await send(message)

        refusal = self.refusal(scope)
        if refusal is not None:
            await refusal(scope, receive, send_with_headers)
            return
        try:
            await self.app(scope, receive, send_with_headers)
        except Exception:
            log.exception("unexpected error answering %s %s", scope.get("method"),
                          scope.get("path"))
            if started:
                raise  # too late for a JSON answer: the server drops the connection
            await error_response(500, "internal server error; the server log has the "
                                      "details")(scope, receive, send_with_headers)

    def refusal(self, scope: Scope) -> JSONResponse | None:
        """The error response for a request refused at the door, else ``None``."""
        host = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"host"), None)
        if host is None:
            return error_response(400, "the request has no Host header")
        if host_name(host) not in self.allowed:
            return error_response(
                400, f"this server does not answer for host {host[:100]!r}; start it with "
                     "--allow-host NAME to allow a name")
        size = len(scope.get("raw_path") or scope["path"].encode()) \
            + len(scope.get("query_string", b"")) + 1
        if size > self.max_url_bytes:
            return error_response(414, f"the URL is {size:,} bytes, over the limit of "
                                       f"{self.max_url_bytes:,}")
        return None
