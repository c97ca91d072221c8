"""One report: gather a place's briefing, compose it and typeset it as Word or PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from graph_service.db.runner import Runner
from graph_service.errors import BadRequest
from graph_service.reports.briefing import Briefing, gather
from graph_service.reports.document import compose
from graph_service.reports.wording import LANGUAGES, Language

Format = Literal["docx", "pdf"]
FORMATS: tuple[Format, ...] = ("docx", "pdf")
MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Report:
    content: bytes
    format: Format
    briefing: Briefing

    @property
    def media_type(self) -> str:
        return MEDIA_TYPES[self.format]

    @property
    def filename(self) -> str:
        """e.g. `briefing-Street-ST01-2026-11-30.pdf` (ASCII: safe in every header)."""
        scope = self.briefing.scope.replace(":", "-")
        return f"briefing-{scope}-{self.briefing.made_on.isoformat()}.{self.format}"


def make(
    db: Runner,
    scope: str,
    format: str,
    *,
    language: str = "zh",
    since: str | None = None,
    today: dt.date | None = None,
) -> Report:
    """The report of `scope` (`Street:ST01`, `Community:CM01`) as `format` (docx or pdf) in
    `language` (zh or en). BadRequest for a wrong format or language, NotFound for an unknown
    place, FontsMissing (503) when the PDF's fonts are not installed."""
    if format not in FORMATS:
        raise BadRequest(f"format: {format!r} is not one of docx, pdf", parameter="format")
    if language not in LANGUAGES:
        raise BadRequest(f"language: {language!r} is not one of zh, en", parameter="language")
    lang: Language = "zh" if language == "zh" else "en"
    briefing = gather(db, scope, since=since, today=today)
    document = compose(briefing, lang)
    if format == "pdf":
        from graph_service.reports import pdf

        content = pdf.render(document)
    else:
        from graph_service.reports import word

        content = word.render(document)
    return Report(content, "pdf" if format == "pdf" else "docx", briefing)
