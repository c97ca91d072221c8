"""The rectification ledger (整改台账): findings become cases that open and close themselves.

After every snapshot, each finding of a gap rule (`analyses.rules`) is keyed by (rule, entity):
- a finding with no open case opens one: status 新发现 (`new`), owner by role (the rule says
  which role; see `analyses.rules`), evidence (the finding's row, personal fields left out);
- a finding that is still there keeps its case open (`last_seen_snapshot`); an owner given
  by role follows the role (a new grid head takes the grid's cases);
- an open case whose finding is gone closes itself as 已整改 (`rectified`) in that snapshot,
  keeping first seen, last seen and the closing snapshot. If the gap comes back later, that is
  a new case: a closed case is never reopened.

People work a case by hand between snapshots: status 整改中 (`in_progress`) or 已忽略
(`ignored`, with a reason), owner, deadline, comments; each change is an event in its history.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any

from graph_service.analyses.rules import RULE_BY_NAME, RULES, Rule
from graph_service.db.runner import Transaction

STATUS_ZH = {"new": "新发现", "in_progress": "整改中", "rectified": "已整改", "ignored": "已忽略"}
OPEN = ("new", "in_progress", "ignored")  # not closed: the finding was still there last time
OWNER_ROLE_ZH = {"grid_head": "网格长", "secretary": "社区书记", "department": "部门"}
PERSONAL = ("name", "phone", "head_name", "address")  # never kept in a case's evidence


def now() -> str:
    return dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def event(
    case_id: int,
    kind: str,
    text: str,
    snapshot: int | None = None,
    account: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    """One entry of a case's history (`seq` orders them); `account`: who made a change by
    hand (None for what a snapshot did: the snapshot names its own account)."""
    return {
        "case_id": case_id,
        "seq": time.time_ns(),
        "at": now(),
        "snapshot": snapshot,
        "kind": kind,
        "text": text,
        "account": account,
        **extra,
    }


def owner_for(
    rule: Rule, row: dict[str, Any], holders: dict[tuple[str, str], str]
) -> tuple[str | None, str | None]:
    """(owner key, role) for a finding: by the rule's role, from the graph's role holders."""
    if rule.owner == "department":
        return row.get("node_key"), "department"
    if rule.owner == "grid" and row.get("grid_id"):
        head = holders.get(("Grid", row["grid_id"]))
        if head:
            return f"Person:{head}", "grid_head"
    if rule.owner in ("grid", "community") and row.get("community_id"):
        secretary = holders.get(("Community", row["community_id"]))
        if secretary:
            return f"Person:{secretary}", "secretary"
    return None, None


def _evidence(row: dict[str, Any]) -> str:
    person = str(row.get("node_key", "")).startswith("Person:")
    kept = {k: v for k, v in row.items() if not (k in PERSONAL and (person or k != "name"))}
    return json.dumps(kept, ensure_ascii=False, sort_keys=True, default=str)


def _entity_name(row: dict[str, Any]) -> str | None:
    if str(row.get("node_key", "")).startswith("Person:"):
        return None  # personal information
    for column in ("name", "stairwell", "grid", "community"):
        if row.get(column):
            return str(row[column])
    return None


def sync(
    tx: Transaction,
    snapshot_id: int,
    as_of: str,
    findings: dict[str, list[dict[str, Any]]],
    streets: dict[str, str],
) -> dict[str, int]:
    """Open, keep and close cases for snapshot `snapshot_id` from the rules' `findings`
    (`streets`: community id -> street id). Returns how many were opened, kept and closed."""
    holders = {(row["level"], row["id"]): row["person_id"] for row in tx.run("ledger/role-holders")}
    open_cases = {
        (row["item"]["rule"], row["item"]["entity"]): row["item"]
        for row in tx.run("ledger/open-cases")
    }
    found: dict[tuple[str, str], tuple[Rule, dict[str, Any]]] = {}
    for rule in RULES:
        for row in findings[rule.name]:
            found.setdefault((rule.name, str(row["node_key"])), (rule, row))

    events: list[dict[str, Any]] = []
    new_keys = sorted(key for key in found if key not in open_cases)
    created = []
    if new_keys:
        [taken] = tx.run("ledger/next-case-ids", {"count": len(new_keys)})
        first = int(taken["last"]) - len(new_keys) + 1
        for case_id, key in enumerate(new_keys, start=first):
            rule, row = found[key]
            owner, role = owner_for(rule, row, holders)
            community = row.get("community_id")
            created.append(
                {
                    "id": case_id,
                    "rule": rule.name,
                    "entity": key[1],
                    "entity_name": _entity_name(row),
                    "street": streets.get(community) if community else None,
                    "community": community,
                    "grid": row.get("grid_id"),
                    "status": "new",
                    "opened_snapshot": snapshot_id,
                    "opened_on": as_of,
                    "last_seen_snapshot": snapshot_id,
                    "owner": owner,
                    "owner_role": role,
                    "owner_by": "role",
                    "evidence": _evidence(row),
                }
            )
            events.append(event(case_id, "opened", f"{rule.zh}: {key[1]}", snapshot_id))
    kept, closed = [], []
    for key, case in open_cases.items():
        if key in found:
            rule, row = found[key]
            owner, role = (
                owner_for(rule, row, holders)
                if case.get("owner_by") == "role"
                else (case.get("owner"), case.get("owner_role"))
            )
            if owner != case.get("owner"):
                events.append(event(case["id"], "owner", f"owner by role: {owner}", snapshot_id))
            kept.append({"id": case["id"], "owner": owner, "owner_role": role})
        else:
            closed.append(case["id"])
            text = f"{RULE_BY_NAME[key[0]].zh}: gone in snapshot {snapshot_id}"
            events.append(event(case["id"], "closed", text, snapshot_id))
    for name, params in (
        ("ledger/create-cases", {"rows": created}),
        ("ledger/touch-cases", {"rows": kept, "snapshot": snapshot_id}),
        ("ledger/close-cases", {"ids": closed, "snapshot": snapshot_id, "as_of": as_of}),
        ("ledger/create-events", {"rows": events}),
    ):
        tx.run(name, params)
    return {"opened": len(created), "kept": len(kept), "closed": len(closed)}
