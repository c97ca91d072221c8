"""A change made to a case by hand: status, owner, deadline, comment, each an event.

A case is worked between snapshots: 整改中 (`in_progress`), 已忽略 (`ignored`, a reason is
required) or back to 新发现 (`new`); an owner (a person or department, or `role` to go back to
the owner the next snapshot derives); a deadline; comments. 已整改 is set only by a snapshot
(`ledger.cases.sync`) and a closed case takes comments only. The check (is the case in the
caller's place, still open?) and the change are one query (`cypher/ledger/update-case`), which
locks the case first, so a snapshot closing it at the same moment cannot slip in between.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from graph_service.db.runner import Runner
from graph_service.errors import BadRequest, Conflict, NotFound
from graph_service.ledger.cases import STATUS_ZH, event

STATUS_CODES = {
    **{code: code for code in STATUS_ZH},
    **{zh: code for code, zh in STATUS_ZH.items()},
}


def change_case(
    db: Runner,
    case_id: int,
    *,
    status: str | None = None,
    reason: str | None = None,
    owner: str | None = None,
    deadline: dt.date | None = None,
    comment: str | None = None,
    account: str | None,
    own: dict[str, str | None],
    check_owner: Callable[[str], None],
) -> None:
    """Apply one change to case `case_id`, as `account` limited to `own` (the caller's place
    filters); `check_owner(key)` refuses a person outside the caller's place. Raises 422 for a
    change that cannot be made, 404 for no case (or none in the caller's place), 409 for a
    closed case."""
    changes: dict[str, Any] = {}
    events = []
    if status is not None:
        code = STATUS_CODES.get(status)
        if code is None or code == "rectified":
            raise BadRequest(
                "status: set new, in_progress or ignored; a case is rectified (已整改) when the "
                "next roster no longer shows its gap",
                parameter="status",
            )
        if code == "ignored" and not (reason or "").strip():
            raise BadRequest("reason: say why the case is ignored (已忽略)", parameter="reason")
        changes["status"] = code
        if code == "ignored":
            changes["reason"] = reason
        text = STATUS_ZH[code] + (f": {reason}" if code == "ignored" else "")
        events.append(event(case_id, "status", text, account=account))
    if owner is not None:
        if owner == "role":
            changes["owner_by"] = "role"  # the next snapshot derives it again
        else:
            label, _, node_id = owner.partition(":")
            if label not in ("Person", "Department") or not db.run(
                "entities/node", {"id": node_id}, tokens={"label": label}
            ):
                raise NotFound(f"owner: no Person or Department {owner!r}")
            if label == "Person":  # a person outside the caller's place is not theirs to name
                check_owner(owner)
            changes.update(owner=owner, owner_role=None, owner_by="hand")
        events.append(event(case_id, "owner", f"owner: {owner}", account=account))
    if deadline is not None:
        changes["deadline"] = deadline.isoformat()
        events.append(
            event(case_id, "deadline", f"deadline: {deadline.isoformat()}", account=account)
        )
    if comment:
        events.append(event(case_id, "comment", comment, account=account))
    if not events:
        raise BadRequest("say what to change: status, owner, deadline or comment", parameter="body")
    rows = db.run(
        "ledger/update-case",
        {"id": case_id, "changes": [changes], "events": events, **own},
        metadata={"endpoint": "ledger"},
    )
    if not rows:
        raise NotFound(f"no case {case_id}")
    if rows[0]["refused"]:
        raise Conflict(
            f"case {case_id} was closed by snapshot {rows[0]['closed_snapshot']}: only comments "
            "can be added. If the gap is back, the next snapshot opens a new case.",
            reason="case_closed",
        )
