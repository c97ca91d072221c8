"""Rows to answers: one page of JSON, or CSV that Excel opens with its Chinese intact.

Both renderings come from the same rows, so what the explorer shows and what an analyst
downloads cannot disagree.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Sequence
from typing import Any

from neo4j.time import Date, DateTime, Duration, Time

from graph_service.roster.values import neutralised

# Excel reads a CSV as the local code page (GBK on a Chinese Windows) unless it starts with a BOM.
UTF8_BOM = "\ufeff"


def plain(value: Any) -> Any:
    """A value JSON can carry: Neo4j temporal values as ISO text, NaN as null, lists kept."""
    if isinstance(value, Date | DateTime | Time):
        return value.iso_format()
    if isinstance(value, Duration):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    return value


def plain_rows(rows: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every row with `plain` values."""
    return [{key: plain(value) for key, value in row.items()} for row in rows]


def page(rows: Sequence[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    """Rows `offset` to `offset + limit` (all of the rest when `limit` is None)."""
    end = None if limit is None else offset + limit
    return list(rows[offset:end])


def _cell(value: Any) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "; ".join(_cell(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return neutralised(value) if isinstance(value, str) else str(value)


def to_csv(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> str:
    """CSV text with a UTF-8 BOM and a header row; lists become `a; b`, booleans true/false;
    text that a spreadsheet would run as a formula (`=`, `+`, `-`, `@`...) starts with `'`."""
    buffer = io.StringIO()
    buffer.write(UTF8_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
