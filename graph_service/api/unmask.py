"""`POST /api/v1/unmask`: one named record's contact data, for a role entitled to it, with a
typed reason. Every unmasking is an audit record naming the fields and the reason."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Request
from pydantic import BaseModel, Field

from graph_service.analyses.projections import key
from graph_service.analyses.rendering import plain
from graph_service.api.dependencies import GraphDb
from graph_service.api.entities import checked_key
from graph_service.auth.accounts import Principal
from graph_service.auth.masking import ADDRESS_NAMES, CONTACT_PROPERTIES
from graph_service.auth.policy import requires
from graph_service.auth.scope import scope_of
from graph_service.errors import BadRequest, NotFound

router = APIRouter(prefix="/api/v1", tags=["entities"])


class UnmaskRequest(BaseModel):
    key: str = Field(description="the record, e.g. Household:H00001 or Person:PS00001")
    reason: str = Field(
        min_length=10,
        max_length=500,
        description="why you need it (kept in the audit trail), e.g. 'visit after a flood alert'",
    )


class Unmasked(BaseModel):
    key: str
    fields: dict[str, Any]


@router.post("/unmask", response_model=Unmasked, responses={404: {}, 422: {}})
def unmask(
    body: UnmaskRequest,
    request: Request,
    who: Annotated[Principal | None, requires("records:unmask", scoped=True)],
    db: GraphDb,
) -> Unmasked:
    """The contact data (phone, address, head of household, a household's room) of one record,
    unmasked. The reason is recorded with the account, the record and the fields."""
    label, node_id = checked_key(body.key, "key")
    found = db.run(
        "entities/node", {"id": node_id}, metadata={"endpoint": "unmask"}, tokens={"label": label}
    )
    if not found or not scope_of(request, who, db).allows(key(label, node_id)):
        raise NotFound(f"no {label} with id {node_id!r}")
    row = found[0]
    fields = {k: plain(v) for k, v in row["properties"].items() if k in CONTACT_PROPERTIES}
    if label in ADDRESS_NAMES:
        fields["name"] = row["name"]
    if not fields:
        raise BadRequest(f"{body.key} holds no contact data", parameter="key")
    request.state.audit_objects = [body.key]
    request.state.audit_fields = sorted(fields)
    request.state.audit_reason = body.reason
    return Unmasked(key=body.key, fields=fields)
