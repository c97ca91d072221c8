"""Masking by class: contact data never leaves the service readable through the API.

Classes, from the data dictionary (`roster/dictionary.py`):
- **contact**: phone numbers, addresses, heads of household's names (fields marked
  `sensitive`), and a household's name, which is its room address (`花径一村1幢1单元101室`):
  masked for every role and in every answer (`138****5678`, `张*明`, `…单元***室`).
- **personal**: a person's name: shown to the roles that read people, inside their scope;
  masked in exports.
- everything else (ids, kinds, counts, dates): shown.
Masking must not be undone by a join, so every endpoint that gives a name or property goes
through `shown_name` and `shown_properties`.
"""

from __future__ import annotations

import re
from typing import Any

from graph_service.roster.dictionary import SENSITIVE_PROPERTIES

CONTACT_PROPERTIES = SENSITIVE_PROPERTIES
# Labels whose `name` is itself an address.
ADDRESS_NAMES = frozenset({"Household"})


def mask(column: str, value: Any) -> Any:
    """A personal value made unreadable but recognisable in kind."""
    if value in (None, ""):
        return value
    text = str(value)
    if column == "phone":
        return text[:3] + "****" + text[-4:] if len(text) > 7 else "****"
    if column in ("name", "head_name"):
        if len(text) >= 3:
            return text[0] + "*" * (len(text) - 2) + text[-1]
        return text[0] + "*" * (len(text) - 1)
    if column == "room":  # the room number goes; a name with none goes whole
        masked, found = re.subn(r"\d+(\D*)$", r"***\1", text)
        return masked if found else "***"
    return "***"


def shown_name(label: str | None, name: Any) -> Any:
    """A node's name as the API may show it (a household's room address masked)."""
    return mask("room", name) if label in ADDRESS_NAMES else name


def shown_properties(properties: dict[str, Any]) -> dict[str, Any]:
    """A node's or relationship's properties without contact data."""
    return {k: v for k, v in properties.items() if k not in CONTACT_PROPERTIES}
