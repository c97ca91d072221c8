"""The service's named errors, each one HTTP status and one `application/problem+json` body."""

from __future__ import annotations

from typing import Any, ClassVar
from urllib.parse import quote


class ServiceError(Exception):
    """Base of every error the service reports to a user. `detail` says what to do."""

    status = 500
    title = "Internal error"
    default_headers: ClassVar[dict[str, str]] = {}  # sent with the problem (WWW-Authenticate)

    def __init__(self, detail: str, *, headers: dict[str, str] | None = None, **extra: Any):
        super().__init__(detail)
        self.detail = detail
        # HTTP headers of the answer: the class's own (WWW-Authenticate) and this one's
        # (Retry-After).
        self.headers = {**self.default_headers, **(headers or {})}
        self.extra = extra

    def problem(self) -> dict[str, Any]:
        """The RFC 9457 problem document for this error."""
        return {
            "type": f"urn:graph-service:{type(self).__name__}",
            "title": self.title,
            "status": self.status,
            "detail": self.detail,
            **self.extra,
        }


class NotFound(ServiceError):
    status = 404
    title = "Not found"


class BadRequest(ServiceError):
    """A parameter or body is wrong; `parameter` names it where there is one."""

    status = 422
    title = "Invalid request"


class UploadTooLarge(ServiceError):
    """A request body or an archive's content is larger than the service reads."""

    status = 413
    title = "Upload too large"


class InvalidRoster(ServiceError):
    """A roster failed validation; `problems` lists every one. Nothing was written."""

    status = 422
    title = "Invalid roster"


class Neo4jUnavailable(ServiceError):
    status = 503
    title = "Neo4j unavailable"


class WriterBusy(ServiceError):
    """Another import or plan holds the graph's writer lock; `holder` and `since` say whose."""

    status = 409
    title = "Another writer is at work"


class GraphLoading(ServiceError):
    """A first load is in progress (or was interrupted): the graph holds part of a roster."""

    status = 503
    title = "The graph is being loaded"


class ImportFailed(ServiceError):
    """An import stopped while writing (not for bad input: that is `InvalidRoster`). `detail`
    says what the database holds now; the status is the cause's (503 when Neo4j went away)."""

    title = "Import failed"

    def __init__(self, detail: str, *, status: int = 500, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.status = status


class Conflict(ServiceError):
    """The request is valid but conflicts with what the graph or its history holds; `reason`
    names the conflict and nothing was written."""

    status = 409
    title = "Conflict"


class RosterConflict(Conflict):
    """A valid roster that would do something the sender likely did not mean (an older roster
    over a newer graph, another street's roster over this one). `reason` names which; nothing
    was written, and `detail` says how to go ahead on purpose."""

    title = "Roster conflicts with the graph's history"


class Unauthenticated(ServiceError):
    """No credentials, or ones that do not work: `detail` says how to sign in."""

    status = 401
    title = "Sign-in needed"
    default_headers: ClassVar[dict[str, str]] = {"WWW-Authenticate": 'Bearer realm="graph-service"'}


class Forbidden(ServiceError):
    """Signed in, but the account's role or scope does not allow this."""

    status = 403
    title = "Not allowed"


class TooManyRequests(ServiceError):
    """Past a rate limit; `Retry-After` says how many seconds to wait."""

    status = 429
    title = "Too many requests"

    def __init__(self, detail: str, *, retry_after_s: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers["Retry-After"] = str(retry_after_s)


class SignInFirst(ServiceError):
    """A page asked for by a browser that is not signed in: sent to the sign-in page, which
    comes back to the page afterwards."""

    status = 303
    title = "Sign in first"

    def __init__(self, page: str) -> None:
        target = "/sign-in" if page == "/" else f"/sign-in?next={quote(page, safe='/')}"
        super().__init__(f"sign in first: {target}")
        self.headers["Location"] = target
