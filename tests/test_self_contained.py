"""The repository stands on its own: no tracked file points to a path outside it or to an issue
tracker's numbers. What the project relies on is written down inside it (docs/programme.md).

Only files git tracks are read: the built explorer bundle and other generated files are ignored
by git and are not the project's text.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path, PurePosixPath

import pytest

REPO = Path(__file__).resolve().parents[1]

# The machine-specific folders the project was once written beside, and the notes kept there.
# Their names are assembled here so that this file does not itself point outside.
NOTES = "sha" + "red"
WORKPLACE = "/" + "work/"
OUTSIDE = re.compile(
    re.escape(WORKPLACE) + rf"|\b{NOTES}/(?:domain|style|verified)\.md|\bseed/quhua"
)
CLIMB = re.compile(r"(?:\.\./)+[^\s\"'`)\]>,;]*")
ISSUE = re.compile(r"\b(?:issues?|PR|pull request)\s*#?\d+\b", re.IGNORECASE)
HASH_NUMBER = re.compile(r"(?<![\w&#/])#(\d+)([0-9a-fA-F]*)\b")
COLOUR_LENGTHS = {3, 4, 6, 8}  # #rgb, #rgba, #rrggbb, #rrggbbaa
PROSE = {".md", ".txt", ".rst"}


def findings(path: str, text: str) -> list[str]:
    """What in `text` (the file at `path`, relative to the repository) points outside the
    repository or names an issue, one line each, with its line number."""
    depth = len(PurePosixPath(path).parent.parts)
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        hits = [m.group() for m in OUTSIDE.finditer(line)]
        hits += [m.group() for m in CLIMB.finditer(line) if m.group().count("../") > depth]
        hits += [m.group() for m in ISSUE.finditer(line)]
        for match in HASH_NUMBER.finditer(line):
            colour = len(match.group(1) + match.group(2)) in COLOUR_LENGTHS
            if PurePosixPath(path).suffix in PROSE or not colour:
                hits.append(match.group())
        found += [f"{path}:{number}: {hit}" for hit in hits]
    return found


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("README.md", f"See `../{NOTES}/domain.md` for the figures."),
        ("docs/analyses.md", "as the brief in ../../notes.md says"),
        ("graph_service/sample/activity.py", f'"""Figures ({NOTES}/domain.md): 832 sessions."""'),
        ("tests/test_x.py", f'SOURCE = Path("{WORKPLACE}{NOTES}/seed/quhua-three-links-zh.txt")'),
        ("docs/performance.md", "## Targets of issue 7: met or not"),
        ("tests/test_x.py", "# On the sample network (Issue #3's fixture)"),
        ("docs/x.md", "Fixed in #12."),
        ("docs/x.md", "as PR 41 did"),
        ("graph_service/static/js/x.js", "// see #12345 upstream"),
    ],
)
def test_a_pointer_outside_is_found(path: str, text: str) -> None:
    assert findings(path, text)


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("docs/analyses.md", "see [the README](../README.md) and (programme.md)"),
        ("graph_service/static/js/main.js", 'import { api } from "../js/api.js";'),
        ("graph_service/static/js/export.js", 'ctx.fillStyle = swatch || "#999";'),
        ("graph_service/static/css/explorer.css", "color: #d7301f; border: 1px solid #111111;"),
        ("graph_service/static/index.html", "<p>&#20013;&#25991;</p>"),
        ("docs/x.md", "[Targets](#targets-met-or-not), stairwell S0012, grid G#1"),
        ("tests/test_x.py", "assert issues == []  # 12 households, 3 issues"),
    ],
)
def test_ordinary_text_is_not_flagged(path: str, text: str) -> None:
    assert findings(path, text) == []


def test_no_tracked_file_points_outside_the_repository_or_to_an_issue() -> None:
    listed = subprocess.run(
        ["git", "ls-files", "-z"], cwd=REPO, capture_output=True, check=True
    ).stdout.decode()
    this_file = Path(__file__).resolve().relative_to(REPO).as_posix()  # it holds the patterns
    found = []
    for path in listed.split("\0"):
        if not path or path == this_file or not (REPO / path).is_file():
            continue
        raw = (REPO / path).read_bytes()
        if b"\0" in raw:
            continue  # binary
        found += findings(path, raw.decode("utf-8", errors="replace"))
    assert found == []
