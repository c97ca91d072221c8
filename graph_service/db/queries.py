"""The query files: every Cypher statement the service runs is one `.cypher` file under `cypher/`.

Every file, in every folder, starts with the same header of `//` lines:

    // title: 未联系楼道 | Uncovered stairwells
    // description: Stairwells no party member liaises with, with their households and places.
    // mode: read
    // param: community_id str = null -- only this community (null: the whole street)
    // param: rows list -- the batch of rows to write (no default: the caller must give it)
    // token: LABEL -- the label of the nodes written (see `filled`)

`title` (Chinese | English), `description` and `mode` appear exactly once. `mode` is `read` or
`write`: the runner routes the file by it (reads to readers) and refuses a write file on a read
path. A `param` line is `NAME TYPE [= DEFAULT] [in CHOICES] -- DESCRIPTION`, TYPE one of int,
float, str, bool, date, list; DEFAULT a literal of that type or `null` (no default: required);
CHOICES `lo..hi` for numbers or `a|b|c` for strings. A `token` line declares a `__NAME__`
placeholder for a label or relationship type, which cannot be a parameter (see `filled`). Every
`$name` and `__NAME__` in the query must be declared and every declaration used, so a file that
parses is a file that can run. Other comment lines are prose for the reader.

A rule that several queries must share (which service teams stand behind a community, where
a stairwell belongs) is one file in `cypher/rules/`: a subquery the others take in with a line
`// include: rules/NAME` inside a `CALL (...) { }`, so the rule is written once and every query
that needs it says so where it uses it. A rule file is a complete query on its own (it runs and
is planned like any other) and includes nothing itself.

`check_all()` parses every file; the service calls it at start-up, so a malformed file stops
the start with its name and line instead of failing a request later.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from graph_service.errors import BadRequest, NotFound
from graph_service.roster.dictionary import LABELS, REL_TYPES, ROLE_LABELS

CYPHER_DIR = Path(__file__).resolve().parent.parent / "cypher"
TYPES = ("int", "float", "str", "bool", "date", "list")
MODES = ("read", "write")
# The only names a token may take: the data model's labels (role labels too) and relationship
# types. A value must also be a bare name, so none can carry Cypher.
ALLOWED_NAMES = frozenset(LABELS) | frozenset(ROLE_LABELS) | frozenset(REL_TYPES)

_FILE_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
_BARE_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")
_DIRECTIVE = re.compile(r"^//\s*(title|description|mode|param|token)\s*:\s*(.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[a-z][a-z0-9_]*)\s+(?P<type>[a-z]+)(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?"
    r"(?:\s+in\s+(?P<choices>\S+))?\s+--\s+(?P<description>\S.*)$"
)
_TOKEN = re.compile(r"^(?P<name>[A-Z][A-Z0-9_]*)\s+--\s+(?P<description>\S.*)$")
_USED_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_USED_TOKEN = re.compile(r"__([A-Z][A-Z0-9_]*)__")
_INCLUDE = re.compile(r"^(?P<indent>\s*)//\s*include\s*:\s*(?P<name>\S+)\s*$")
RULES = "rules/"
_BOOLS = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}


class HeaderError(ValueError):
    """A query file's header is malformed; the message names the file and the line."""


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
    required: bool = False

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
        self.check_range(value)
        return value

    def check_range(self, value: Any) -> None:
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
class QueryFile:
    """One `.cypher` file as its header declares it (`name` is `folder/stem`)."""

    name: str
    title_zh: str
    title_en: str
    description: str
    mode: Literal["read", "write"]
    params: tuple[Param, ...] = ()
    tokens: tuple[str, ...] = ()
    notes: str = field(default="", compare=False)
    text: str = field(default="", compare=False, repr=False)
    rules: tuple[str, ...] = ()  # the shared rules it includes, e.g. ("rules/stairwell-place",)


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
    if kind == "list":
        raise ValueError(text)  # a list has no literal default: null or none
    return text


def _with_rules(name: str, text: str) -> tuple[str, tuple[str, ...]]:
    """`text` with each `// include: rules/NAME` line replaced by that rule's Cypher (its
    comment lines left out), and the rules it included."""
    lines, rules = [], []
    for number, line in enumerate(text.splitlines(), start=1):
        match = _INCLUDE.match(line)
        if not match:
            lines.append(line)
            continue
        rule = match["name"]
        if name.startswith(RULES) or not rule.startswith(RULES):
            raise HeaderError(f"{name} line {number}: only a query may include, and only a rule "
                              f"from {RULES}, not {rule!r}")  # fmt: skip
        try:
            body = query_file(rule).text
        except NotFound:
            raise HeaderError(f"{name} line {number}: no rule named {rule!r}") from None
        lines += [match["indent"] + part for part in body.splitlines()
                  if part.strip() and not part.strip().startswith("//")]  # fmt: skip
        rules.append(rule)
    return "\n".join(lines) + "\n", tuple(rules)


def parse(name: str, text: str) -> QueryFile:
    """The `QueryFile` that `cypher/<name>.cypher` declares; raises HeaderError on any malformed
    line, naming the file (and the line where there is one). Included rules are written out in
    its text (and are checked with it: a rule's parameters must be declared by the query)."""
    if not _FILE_NAME.match(name.rsplit("/", 1)[-1]):
        raise HeaderError(f"{name}: file names are lower-case words joined by hyphens")
    text, rules = _with_rules(name, text)
    found: dict[str, list[tuple[int, str]]] = {
        key: [] for key in ("title", "description", "mode", "param", "token")
    }
    notes = []
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped.startswith("//"):
            if stripped:
                break  # the header ends at the first line of Cypher
            continue
        match = _DIRECTIVE.match(stripped)
        if match:
            found[match[1]].append((number, match[2]))
        else:
            notes.append(stripped.removeprefix("//").strip())
    for key in ("title", "description", "mode"):
        if len(found[key]) > 1:
            raise HeaderError(f"{name} line {found[key][1][0]}: a second `// {key}:` line")
        if not found[key]:
            raise HeaderError(f"{name}: needs exactly one `// {key}:` line")
    (title_line, title), (mode_line, mode) = found["title"][0], found["mode"][0]
    if title.count("|") != 1 or not all(part.strip() for part in title.split("|")):
        raise HeaderError(f"{name} line {title_line}: title must be `中文 | English`")
    if mode not in MODES:
        raise HeaderError(f"{name} line {mode_line}: mode must be read or write, not {mode!r}")
    title_zh, title_en = (part.strip() for part in title.split("|"))
    params = tuple(_param(f"{name} line {number}", entry) for number, entry in found["param"])
    tokens = tuple(_token(f"{name} line {number}", entry) for number, entry in found["token"])
    _check_usage(name, text, params, tokens)
    return QueryFile(
        name=name,
        title_zh=title_zh,
        title_en=title_en,
        description=found["description"][0][1],
        mode="read" if mode == "read" else "write",
        params=params,
        tokens=tokens,
        notes=" ".join(notes),
        text=text,
        rules=rules,
    )


def _param(where: str, text: str) -> Param:
    match = _PARAM.match(text)
    if not match:
        raise HeaderError(f"{where}: expected `NAME TYPE [= DEFAULT] [in CHOICES] -- DESCRIPTION`")
    name, kind = match["name"], match["type"]
    if kind not in TYPES:
        raise HeaderError(f"{where}: type {kind!r} is not one of {', '.join(TYPES)}")
    low = high = None
    choices: tuple[str, ...] = ()
    if match["choices"]:
        low, high, choices = _choices(where, kind, match["choices"])
    raw_default = match["default"]
    try:
        default = None if raw_default in (None, "null") else _parse(kind, raw_default.strip('"'))
    except ValueError:
        raise HeaderError(f"{where}: default {raw_default} is not a {kind}") from None
    param = Param(
        name, kind, default, match["description"], low, high, choices, raw_default is None
    )
    if default is not None:
        try:
            param.check_range(default)
        except BadRequest as error:
            raise HeaderError(f"{where}: default {error.detail}") from None
    return param


def _token(where: str, text: str) -> str:
    match = _TOKEN.match(text)
    if not match:
        raise HeaderError(f"{where}: expected `NAME -- DESCRIPTION` (NAME in capitals)")
    return match["name"]


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


def _check_usage(name: str, text: str, params: tuple[Param, ...], tokens: tuple[str, ...]) -> None:
    body = "\n".join(line for line in text.splitlines() if not line.strip().startswith("//"))
    for kind, used, declared in (
        ("parameters", set(_USED_PARAM.findall(body)), [param.name for param in params]),
        ("tokens", set(_USED_TOKEN.findall(body)), list(tokens)),
    ):
        undeclared, unused = sorted(used - set(declared)), sorted(set(declared) - used)
        if undeclared:
            raise HeaderError(f"{name}: uses undeclared {kind} {undeclared}")
        if unused:
            raise HeaderError(f"{name}: declares {kind} it never uses {unused}")
        if len(set(declared)) != len(declared):
            raise HeaderError(f"{name}: declares one of its {kind} twice")


def file_names(folder: str | None = None) -> list[str]:
    """The names (`folder/stem`) of every query file, or of one folder's, sorted."""
    root = CYPHER_DIR / folder if folder else CYPHER_DIR
    return sorted(path.relative_to(CYPHER_DIR).with_suffix("").as_posix()
                  for path in root.rglob("*.cypher"))  # fmt: skip


@lru_cache(maxsize=512)
def query_file(name: str) -> QueryFile:
    """`cypher/<name>.cypher` (e.g. `stats/node-counts`), parsed; NotFound if there is none."""
    path = (CYPHER_DIR / f"{name}.cypher").resolve()
    if CYPHER_DIR.resolve() not in path.parents or not path.is_file():
        raise NotFound(f"no Cypher file named {name!r}")
    return parse(name, path.read_text(encoding="utf-8"))


def check_all() -> dict[str, QueryFile]:
    """Every query file, parsed (raises HeaderError on the first malformed one)."""
    return {name: query_file(name) for name in file_names()}


def filled(query: QueryFile, tokens: Mapping[str, str] | None = None) -> str:
    """The query's text with each `__TOKEN__` replaced by its value: the one way to vary a label
    or relationship type, which Cypher cannot take as a parameter. `tokens` must give exactly
    the tokens the file declares (keys in any case: `label` fills `__LABEL__`), and every value
    must be a label or relationship type of the data model (`ALLOWED_NAMES`); callers that take
    a name from a request check it against their own, narrower list first."""
    given = {key.upper(): value for key, value in (tokens or {}).items()}
    if set(given) != set(query.tokens):
        raise ValueError(f"{query.name} takes the tokens {list(query.tokens)}, not {list(given)}")
    text = query.text
    for token, value in given.items():
        if not _BARE_NAME.match(value) or value not in ALLOWED_NAMES:
            raise ValueError(f"{value!r} is not a label or relationship type of the data model")
        text = text.replace(f"__{token}__", value)
    return text
