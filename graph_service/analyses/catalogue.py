"""The catalogue of named analyses: one `.cypher` file under `cypher/analyses/` is one analysis.

A file starts with a header of `//` comment lines. Three kinds of line are directives; every
other comment line is prose for the reader (why the query is written the way it is):

    // title: 未联系楼道 | Uncovered stairwells
    // description: Stairwells no party member liaises with, with their households and places.
    // param: community_id str = null -- only this community (null: the whole street)
    // param: stairwell_limit int = 3 in 1..100 -- more stairwells than this is overloaded

`title` (Chinese | English) and `description` appear exactly once. A `param` line is
`NAME TYPE = DEFAULT [in CHOICES] -- DESCRIPTION`, TYPE one of int, float, str, bool, date;
DEFAULT a literal of that type or `null` (optional filter); CHOICES `lo..hi` for numbers or
`a|b|c` for strings. Every `$name` in the query must be declared and every declared parameter
used, so a file that parses is a file that can run. Graph computations (Python, see
`graph_service.analyses.computations`) describe themselves with the same `Analysis` record.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from graph_service.db.runner import CYPHER_DIR
from graph_service.errors import BadRequest

ANALYSES_DIR = CYPHER_DIR / "analyses"
TYPES = ("int", "float", "str", "bool", "date")
# Reserved by the API itself (pagination and format), so no analysis may declare them.
RESERVED = frozenset({"limit", "offset", "format"})

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_DIRECTIVE = re.compile(r"^//\s*(title|description|param)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>[a-z]+)\s*=\s*(?P<default>\"[^\"]*\"|\S+)"
    r"(?:\s+in\s+(?P<choices>\S+))?\s+--\s+(?P<description>\S.*)$"
)
_USED_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class HeaderError(ValueError):
    """An analysis file's header is malformed; the message names the file and the line."""


@dataclass(frozen=True)
class Param:
    """One declared parameter: its type, default (None: optional) and allowed values."""

    name: str
    type: str
    default: Any
    description: str
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()

    def coerce(self, raw: str | None) -> Any:
        """The request text as this parameter's type, checked; raises BadRequest naming it."""
        if raw is None:
            return self.default
        if raw == "" or raw.lower() == "null":
            if self.default is None:
                return None
            raise BadRequest(f"{self.name}: a value is required", parameter=self.name)
        try:
            value = _parse(self.type, raw)
        except ValueError:
            raise BadRequest(
                f"{self.name}: expected {self.type}, got {raw!r}", parameter=self.name
            ) from None
        self._check_range(value)
        return value

    def _check_range(self, value: Any) -> None:
        if self.choices and value not in self.choices:
            raise BadRequest(
                f"{self.name}: must be one of {', '.join(self.choices)}", parameter=self.name
            )
        if self.low is not None and self.high is not None and not self.low <= value <= self.high:
            raise BadRequest(
                f"{self.name}: must be between {self.low:g} and {self.high:g}", parameter=self.name
            )

    def describe(self) -> dict[str, Any]:
        """The parameter as the API lists it."""
        default = self.default.isoformat() if isinstance(self.default, dt.date) else self.default
        info: dict[str, Any] = {
            "name": self.name,
            "type": self.type,
            "default": default,
            "description": self.description,
        }
        if self.choices:
            info["choices"] = list(self.choices)
        if self.low is not None:
            info["minimum"], info["maximum"] = self.low, self.high
        return info


@dataclass(frozen=True)
class Analysis:
    """A named analysis: a Cypher file (kind "cypher") or a Python computation (kind "graph")."""

    name: str
    title_zh: str
    title_en: str
    description: str
    params: tuple[Param, ...] = ()
    kind: Literal["cypher", "graph"] = "cypher"
    notes: str = field(default="", compare=False)

    def coerce(self, raw: Mapping[str, str]) -> dict[str, Any]:
        """Every declared parameter from request text (defaults filled in); unknown ones refused."""
        declared = {param.name for param in self.params}
        for name in raw:
            if name not in declared and name not in RESERVED:
                known = ", ".join(sorted(declared)) or "none"
                raise BadRequest(
                    f"{name}: {self.name} has no such parameter (it takes: {known})",
                    parameter=name,
                )
        return {param.name: param.coerce(raw.get(param.name)) for param in self.params}


def _parse(kind: str, text: str) -> Any:
    if kind == "int":
        return int(text)
    if kind == "float":
        value = float(text)
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError(text)
        return value
    if kind == "bool":
        if text.lower() not in _BOOLS:
            raise ValueError(text)
        return _BOOLS[text.lower()]
    if kind == "date":
        return dt.date.fromisoformat(text)
    return text


def parse_header(name: str, text: str) -> Analysis:
    """The `Analysis` an analysis file declares; raises HeaderError on any malformed line."""
    if not _NAME.match(name):
        raise HeaderError(f"{name}: file names are lower-case words joined by hyphens")
    found: dict[str, list[str]] = {"title": [], "description": [], "param": []}
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break  # the header ends at the first line of Cypher
            continue
        match = _DIRECTIVE.match(stripped)
        if match:
            found[match[1]].append(f"{number}\0{match[2]}")
        else:
            notes.append(stripped.removeprefix("//").strip())
    for key in ("title", "description"):
        if len(found[key]) != 1:
            raise HeaderError(f"{name}: needs exactly one `// {key}:` line")
    title = found["title"][0].split("\0")[1]
    if title.count("|") != 1 or not all(part.strip() for part in title.split("|")):
        raise HeaderError(f"{name}: title must be `中文 | English`")
    title_zh, title_en = (part.strip() for part in title.split("|"))
    params = tuple(_param(name, entry) for entry in found["param"])
    _check_usage(name, text, params)
    return Analysis(
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        description=found["description"][0].split("\0")[1],
        params=params,
        notes=" ".join(notes),
    )


def _param(analysis: str, entry: str) -> Param:
    number, text = entry.split("\0")
    where = f"{analysis} line {number}"
    match = _PARAM.match(text)
    if not match:
        raise HeaderError(f"{where}: expected `NAME TYPE = DEFAULT [in CHOICES] -- DESCRIPTION`")
    name, kind = match["name"], match["type"]
    if kind not in TYPES:
        raise HeaderError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
    if name in RESERVED:
        raise HeaderError(f"{where}: {name!r} is reserved by the API")
    low = high = None
    choices: tuple[str, ...] = ()
    if match["choices"]:
        low, high, choices = _choices(where, kind, match["choices"])
    raw_default = match["default"]
    try:
        default = None if raw_default == "null" else _parse(kind, raw_default.strip('"'))
    except ValueError:
        raise HeaderError(f"{where}: default {raw_default} is not a {kind}") from None
    param = Param(name, kind, default, match["description"], low, high, choices)
    if default is not None:
        try:
            param._check_range(default)
        except BadRequest as error:
            raise HeaderError(f"{where}: default {error.detail}") from None
    return param


def _choices(
    where: str, kind: str, text: str
) -> tuple[float | None, float | None, tuple[str, ...]]:
    if kind in ("int", "float"):
        bounds = text.split("..")
        try:
            low, high = (float(bound) for bound in bounds)
        except ValueError:
            raise HeaderError(f"{where}: numbers take a range `lo..hi`, got {text!r}") from None
        return low, high, ()
    if kind == "str":
        return None, None, tuple(text.split("|"))
    raise HeaderError(f"{where}: only numbers and strings take `in …`")


def _check_usage(name: str, text: str, params: tuple[Param, ...]) -> None:
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    used = set(_USED_PARAM.findall(body))
    declared = {param.name for param in params}
    if used - declared:
        raise HeaderError(f"{name}: uses undeclared parameters {sorted(used - declared)}")
    if declared - used:
        raise HeaderError(f"{name}: declares parameters it never uses {sorted(declared - used)}")
    if len(declared) != len(params):
        raise HeaderError(f"{name}: declares a parameter twice")


def analysis_files(folder: Path | None = None) -> list[Path]:
    """Every analysis file (of `cypher/analyses/` unless told), sorted by name."""
    return sorted((folder or ANALYSES_DIR).glob("*.cypher"))


@lru_cache(maxsize=1)
def cypher_analyses() -> dict[str, Analysis]:
    """Every analysis under `cypher/analyses/`, by name (read once per process)."""
    found = {}
    for path in analysis_files():
        analysis = parse_header(path.stem, path.read_text(encoding="utf-8"))
        found[analysis.name] = analysis
    return found
