"""Ledger figures per scope, for dashboards: open, overdue, closed this month, the rectification
rate and the median days to close.

- `open`: cases 新发现 or 整改中 (an ignored case is neither open work nor rectified);
- `overdue`: open cases whose deadline is before `today`;
- `closed_this_month`: cases rectified by a snapshot dated in `month` (YYYY-MM);
- `rectification_rate`: rectified / (rectified + open), None when there is no case;
- `median_days_to_close`: median days from the snapshot that opened a case to the one that
  closed it (the rosters' dates, not the import times), None when none has closed.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections import defaultdict
from typing import Any

from pydantic import BaseModel


class LedgerStats(BaseModel):
    scope: str
    total: int
    open: int
    overdue: int
    ignored: int
    rectified: int
    closed_this_month: int
    rectification_rate: float | None
    median_days_to_close: float | None


def summarise(scope: str, rows: list[dict[str, Any]], month: str, today: dt.date) -> LedgerStats:
    """The figures of one scope's cases (`rows` from `ledger/stats-rows`)."""
    open_rows = [r for r in rows if r["status"] in ("new", "in_progress")]
    rectified = [r for r in rows if r["status"] == "rectified"]
    days = [
        (dt.date.fromisoformat(r["closed_on"]) - dt.date.fromisoformat(r["opened_on"])).days
        for r in rectified
        if r.get("closed_on") and r.get("opened_on")
    ]
    worked = len(rectified) + len(open_rows)
    return LedgerStats(
        scope=scope,
        total=len(rows),
        open=len(open_rows),
        overdue=sum(
            1 for r in open_rows if r.get("deadline") and r["deadline"] < today.isoformat()
        ),
        ignored=sum(1 for r in rows if r["status"] == "ignored"),
        rectified=len(rectified),
        closed_this_month=sum(
            1 for r in rectified if str(r.get("closed_on", "")).startswith(month)
        ),
        rectification_rate=round(len(rectified) / worked, 4) if worked else None,
        median_days_to_close=float(statistics.median(days)) if days else None,
    )


def by_scope(
    scope: str, child_level: str | None, rows: list[dict[str, Any]], month: str, today: dt.date
) -> tuple[LedgerStats, list[LedgerStats]]:
    """The scope's figures, and each of its children's (communities of a street, grids of a
    community) where `child_level` names them."""
    children: dict[str, list[dict[str, Any]]] = defaultdict(list)
    if child_level:
        column = child_level.lower()
        for row in rows:
            if row.get(column):
                children[f"{child_level}:{row[column]}"].append(row)
    return summarise(scope, rows, month, today), [
        summarise(key, children[key], month, today) for key in sorted(children)
    ]
