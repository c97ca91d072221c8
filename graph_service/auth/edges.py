"""The edges of the service: which `Host` it answers, which other origins may call it (CORS),
the security headers on every response, and how often one client may try to sign in.

A wrong `Host` is refused so that DNS rebinding cannot turn a browser into a reader of the
service; cross-origin calls are refused unless an origin is allowed by name (none by default).
"""

from __future__ import annotations

import threading
import time
from collections import deque

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.errors import BadRequest, ServiceError, TooManyRequests
from graph_service.settings import Settings

PROBLEM = "application/problem+json"
# The pages and their assets come from the service itself; plotly writes <style> elements;
# ReDoc runs its search in a worker it makes from a blob (only script of the service's own can
# make one, so this lets in nothing from elsewhere).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "worker-src 'self' blob:; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}


def _problem(error: ServiceError) -> JSONResponse:
    return JSONResponse(
        error.problem(), status_code=error.status, media_type=PROBLEM, headers=error.headers
    )


def _host_name(host: str) -> str:
    if host.startswith("["):  # [::1]:8000
        return host[1 : host.find("]")]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class RateLimit:
    """At most `limit` events per `window_s` for one key (a client address, an account)."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit = limit
        self.window_s = window_s
        self._events: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, what: str) -> None:
        """Count one event; TooManyRequests (with Retry-After) past the limit."""
        now = time.monotonic()
        with self._lock:
            events = self._events.setdefault(key, deque())
            while events and now - events[0] > self.window_s:
                events.popleft()
            if len(events) >= self.limit:
                wait = int(self.window_s - (now - events[0])) + 1
                raise TooManyRequests(
                    f"too many {what} from here: at most {self.limit} per "
                    f"{int(self.window_s)} s; try again in {wait} s",
                    retry_after_s=wait,
                )
            events.append(now)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the host check, CORS (when origins are allowed) and the security headers."""
    allowed = {host.lower() for host in settings.allowed_hosts}
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["GET", "POST", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "X-CSRF-Token"],
        )

    app.add_middleware(Edges, allowed=frozenset(allowed))


class Edges:
    """ASGI middleware for `install`: a `Host` outside `allowed` gets 400, every answer the
    security headers. Plain ASGI for the reason given in `auth/audit.RecordRequests`."""

    def __init__(self, app: ASGIApp, allowed: frozenset[str]) -> None:
        self.app = app
        self.allowed = allowed
        self.headers = [(k.lower().encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]
        self.names = {name for name, _ in self.headers}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                kept = [h for h in message.get("headers", ()) if h[0].lower() not in self.names]
                message["headers"] = [*kept, *self.headers]  # ours replace the app's
            await send(message)

        host = _host_name(Headers(scope=scope).get("host", "")).lower()
        if "*" in self.allowed or host in self.allowed:
            await self.app(scope, receive, send_with_headers)
            return
        refusal = _problem(
            BadRequest(
                f"this service answers to {', '.join(sorted(self.allowed))}, not {host!r}: "
                "use one of those addresses, or add it to ALLOWED_HOSTS",
                parameter="Host",
            )
        )
        refusal.status_code = 400
        await refusal(scope, receive, send_with_headers)
