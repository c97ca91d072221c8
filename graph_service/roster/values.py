"""One roster cell: its text checked for what no roster may hold, then read as its field's type.

Every rule here raises `CellError` with a sentence that says what to do. The checks exist so that
a roster that passes validation goes into Neo4j (a dry run that says valid means the import
will go in): integers within 64 bits, strings short enough for an index key, no control
characters; and so that what looks like one id is one id (no full-width letters or digits).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from typing import Any

from graph_service.roster.dictionary import CHOICE_ZH, Field

TRUE = {"true", "1", "yes", "y", "是", "t", "√"}
FALSE = {"false", "0", "no", "n", "否", "f", "×"}
LIST_SEPARATORS = re.compile(r"[;；、]")
DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$")
ZH_CHOICE = {zh: en for en, zh in CHOICE_ZH.items()}
INT_MIN, INT_MAX = -(2**63), 2**63 - 1  # Neo4j's integers are 64-bit
MAX_TEXT_BYTES = 4_000  # a cell in UTF-8; Neo4j's index keys hold about 8 kB, ids are keys
# C0 and C1 control characters and DEL (tab and line breaks inside a quoted cell are text)
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WIDE = re.compile("[\uff01-\uff5e\u3000]")  # full-width ASCII forms and the ideographic space


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what Excel or LibreOffice may run as a formula


def neutralised(text: str) -> str:
    """Text for a CSV cell that no spreadsheet runs as a formula: a leading `'` (Excel's own
    mark for "this is text") before `= + - @`, tab or CR, and before a leading `'` itself, so
    that `restored` gives back exactly the text."""
    return "'" + text if text.startswith((*FORMULA_START, "'")) else text


def restored(text: str) -> str:
    """The text `neutralised` was given (a cell typed by hand as `'=...` reads as `=...`)."""
    return text[1:] if text.startswith("'") and text[1:].startswith((*FORMULA_START, "'")) else text


class CellError(ValueError):
    """A cell's text cannot be taken as it is; the message says why and what to do."""


def check_text(text: str) -> None:
    """Refuse what no cell may hold: control characters, and text too long for an index key."""
    control = CONTROL.search(text)
    if control:
        raise CellError(
            f"holds the control character U+{ord(control.group()):04X} at position "
            f"{control.start() + 1}: delete it (it is invisible in Excel)"
        )
    if len(text) * 3 > MAX_TEXT_BYTES and len(text.encode("utf-8")) > MAX_TEXT_BYTES:
        raise CellError(
            f"is {len(text.encode('utf-8')):,} bytes long; a cell holds at most "
            f"{MAX_TEXT_BYTES:,} bytes (UTF-8): shorten it"
        )


def check_id(text: str) -> None:
    """An id (or a reference to one) in half-width characters, as ids are compared byte by byte."""
    wide = WIDE.search(text)
    if wide or any(c.isdigit() and not c.isascii() for c in text):
        plain = unicodedata.normalize("NFKC", text).strip()
        raise CellError(
            f"{text!r} has full-width or non-ASCII digits/letters: write it as {plain!r}"
        )


def parse_value(f: Field, text: str) -> Any:
    """A cell's text as the field's type; raises `CellError` with a plain sentence."""
    check_text(text)
    if f.type == "str":
        return text
    if f.type == "int":
        value = _whole_number(text)
        if f.minimum is not None and value < f.minimum:
            raise CellError(f"{value} is below the smallest allowed value {f.minimum}")
        if f.maximum is not None and value > f.maximum:
            raise CellError(f"{value} is above the largest allowed value {f.maximum}")
        return value
    if f.type == "bool":
        if text.lower() in TRUE:
            return True
        if text.lower() in FALSE:
            return False
        raise CellError(f"{text!r} is not true/false (是/否)")
    if f.type == "date":
        match = DATE.match(text)
        try:
            if not match:
                raise ValueError
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            raise CellError(f"{text!r} is not a date (write YYYY-MM-DD)") from None
    if f.type == "list":
        return [v.strip() for v in LIST_SEPARATORS.split(text) if v.strip()] or None
    if f.type == "enum":
        choice = ZH_CHOICE.get(text, text)
        if choice not in f.choices:
            raise CellError(f"{text!r} is not one of {', '.join(f.choices)}")
        return choice
    raise AssertionError(f"unknown field type {f.type}")


def _whole_number(text: str) -> int:
    """`12`, `-3`, `12.0` or `1e3` as an int within Neo4j's 64 bits (exactly, never via float
    for plain digits: 2**63 + 1 must not round to a number that fits)."""
    plain = text.replace(",", "").strip()
    if not plain.isascii() or "_" in plain:
        raise CellError(f"{text!r} is not a whole number (write it with ASCII digits)")
    if plain.lstrip("+-").isdigit():
        value = int(plain)
    else:
        try:
            number = float(plain)
        except ValueError:
            raise CellError(f"{text!r} is not a whole number") from None
        if not number.is_integer():
            raise CellError(f"{text!r} is not a whole number")
        value = int(number)
    if not INT_MIN <= value <= INT_MAX:
        raise CellError(f"{text} is beyond the 64-bit range Neo4j stores: check the value")
    return value
