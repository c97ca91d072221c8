"""The Chinese faces a briefing is set in, found on this machine (Debian packages), never fetched.

GB/T 9704 sets an official document's title in a song-style display face (小标宋), its body in
fangsong or song, first-level headings in hei (黑体) and second-level ones in kai (楷体). Free
TrueType faces for these roles are in Debian (docs/reports.md says why these and not others):

| role | face | Debian package (licence) |
|---|---|---|
| title, body | AR PL SungtiL GB (文鼎PL简报宋) | fonts-arphic-gbsn00lp (Arphic PL) |
| 2nd headings, captions | AR PL KaitiM GB (文鼎PL简中楷) | fonts-arphic-gkai00mp (Arphic PL) |
| 1st headings, charts | WenQuanYi Zen Hei (文泉驿正黑) | fonts-wqy-zenhei (GPL 2 + font exc.) |

They have TrueType outlines, so a PDF embeds a subset of each (CFF-outline faces such as Noto
CJK cannot be embedded by the PDF library). `make report-deps` installs the packages; a machine
without them answers FontsMissing (503) naming the packages, and never a PDF of empty boxes.

A Word file names its faces instead of embedding them (Word and WPS substitute what the reader's
machine has): `WORD_FACES` are the names Chinese Windows and WPS ship.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from graph_service.errors import ServiceError

FONT_DIRS = (Path("/usr/share/fonts"), Path("/usr/local/share/fonts"))


class FontsMissing(ServiceError):
    status = 503
    title = "Report fonts missing"


@dataclass(frozen=True)
class Face:
    role: str
    name: str  # the name the PDF registers it under
    file: str
    package: str
    subfont: int = 0  # index in a TrueType collection (.ttc)


FACES = (
    Face("song", "ARPLSungtiLGB", "gbsn00lp.ttf", "fonts-arphic-gbsn00lp"),
    Face("kai", "ARPLKaitiMGB", "gkai00mp.ttf", "fonts-arphic-gkai00mp"),
    Face("hei", "WenQuanYiZenHei", "wqy-zenhei.ttc", "fonts-wqy-zenhei"),
)
# What the Word file asks for (East Asian faces), by role: Windows' and WPS's own names.
WORD_FACES = {
    "title": "方正小标宋简体",
    "song": "宋体",
    "body": "仿宋",
    "kai": "楷体",
    "hei": "黑体",
}
LATIN_FACE = "Times New Roman"


@lru_cache(maxsize=1)
def faces() -> dict[str, tuple[Face, Path]]:
    """Each role's face and file; FontsMissing naming the Debian packages to install."""
    found: dict[str, tuple[Face, Path]] = {}
    for face in FACES:
        for folder in FONT_DIRS:
            hit = next(iter(sorted(folder.rglob(face.file))), None) if folder.is_dir() else None
            if hit:
                found[face.role] = (face, hit)
                break
    missing = [face.package for face in FACES if face.role not in found]
    if missing:
        raise FontsMissing(
            "the report's Chinese fonts are not installed: run `make report-deps` (or "
            f"`apt-get install {' '.join(missing)}`)",
            packages=missing,
        )
    return found


def path_of(role: str) -> Path:
    return faces()[role][1]
