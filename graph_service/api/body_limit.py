"""A cap on request bodies, enforced while they stream in: an upload is never read whole.

A declared `Content-Length` above the cap is answered 413 before a byte of the body is read; a
body that streams past the cap (chunked, or lying about its length) is stopped at the cap.
"""

from __future__ import annotations

from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph_service.errors import UploadTooLarge

PROBLEM = "application/problem+json"


class BodyLimit:
    """ASGI middleware: requests whose body exceeds `max_bytes` get 413 problem+json."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    def too_large(self) -> UploadTooLarge:
        return UploadTooLarge(
            f"the request body is larger than {self.max_bytes / 2**20:g} MB, the most this "
            "service reads (MAX_UPLOAD_MB): split the roster, or import it with "
            "`graph-service import` on the server",
            max_bytes=self.max_bytes,
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0
        stopped = False

        async def counted() -> Message:
            nonlocal received, stopped
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    stopped = True  # the app sees the client gone and stops reading
                    return {"type": "http.disconnect"}
            return message

        async def unless_stopped(message: Message) -> None:
            if not stopped:  # once stopped, the 413 below is the answer
                await send(message)

        try:
            await self.app(scope, counted, unless_stopped)
        except Exception:
            if not stopped:
                raise
        if stopped:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = self.too_large()
        response = JSONResponse(error.problem(), status_code=error.status, media_type=PROBLEM)
        await response(scope, receive, send)
