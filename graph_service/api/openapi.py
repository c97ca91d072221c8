"""The OpenAPI document says what every operation answers when it fails: problem+json.

FastAPI describes validation errors with its own `HTTPValidationError` shape, which this service
never sends, and knows nothing of the 503 every operation can answer when Neo4j is away. Here
the generated document is rewritten once: every 4xx/5xx answer is `application/problem+json`
with the `Problem` schema, and every operation lists 503 (422 when it takes parameters, 400
when it takes a body, 401 and 403 when its policy is not public: `auth.policy`).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from graph_service.auth.policy import PUBLIC, operations

PROBLEM = "application/problem+json"
PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "description": "RFC 9457 problem details; some errors add fields (parameter, problems...).",
    "type": "object",
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string", "description": "what went wrong and what to do"},
    },
    "required": ["type", "title", "status", "detail"],
    "additionalProperties": True,
}
ALWAYS = {"503": "Neo4j does not answer, or the graph is being loaded (see Retry-After)"}
WITH_PARAMETERS = {"422": "a parameter or the body is wrong; `parameter` names it"}
WITH_BODY = {"400": "the body cannot be read (not JSON, not a form, not UTF-8)"}
SIGNED_IN = {
    "401": "not signed in: no session, or the token is unknown, expired or revoked",
    "403": "the caller's role may not do this, or the place is outside its scope",
}


def _problem(description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {PROBLEM: {"schema": {"$ref": "#/components/schemas/Problem"}}},
    }


def problem_answers(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document with every error answer as problem+json."""
    if app.openapi_schema:
        return app.openapi_schema
    document = get_openapi(
        title=app.title, version=app.version, description=app.description, routes=app.routes
    )
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    schemas["Problem"] = PROBLEM_SCHEMA
    public = {(method.lower(), path) for method, path, policy, _ in operations(app)
              if policy is not None and policy.permission == PUBLIC}  # fmt: skip
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            answers = operation.setdefault("responses", {})
            extra = dict(ALWAYS)
            if (method, path) not in public:
                extra.update(SIGNED_IN)
            if operation.get("parameters") or operation.get("requestBody"):
                extra.update(WITH_PARAMETERS)
            if operation.get("requestBody"):
                extra.update(WITH_BODY)
            for code, description in extra.items():
                answers.setdefault(code, {"description": description})
            for code, answer in answers.items():
                if code[0] in "45":
                    answers[code] = _problem(answer.get("description") or "an error")
    app.openapi_schema = document
    return document
