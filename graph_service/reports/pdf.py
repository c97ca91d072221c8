"""A briefing as PDF, in the layout of Chinese official documents (GB/T 9704), with its Chinese
fonts embedded (subsets of TrueType faces), so it prints and reads the same on any machine.

- A4; margins top 37 mm, left 28 mm, so the body is 156 × 225 mm (22 lines of 28 characters);
- title in a song-style face at 22 pt (二号), centred; the place, period and date under it;
- first-level headings in hei (黑体) 16 pt, body in song 16 pt (三号), first line indented
  two characters; tables and captions smaller, in song and kai (楷体);
- tables repeat their header row on every page they run onto, and a row never splits;
- page numbers `— 1 —` at the foot, odd pages on the right and even pages on the left;
- tables numbered and captioned above, figures below (表1, 图1).
"""

from __future__ import annotations

import io
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import (
    Image,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)
from reportlab.platypus import (
    Table as PdfTable,
)
from reportlab.platypus import (
    TableStyle as PdfTableStyle,
)

from graph_service.reports import fonts
from graph_service.reports.document import Document, Figure, Heading, Table
from graph_service.reports.document import Paragraph as TextBlock

TOP, BOTTOM, LEFT, RIGHT = 37 * mm, 35 * mm, 28 * mm, 26 * mm
BODY_WIDTH = A4[0] - LEFT - RIGHT
RULE = colors.HexColor("#1f2933")
HEADER_FILL = colors.HexColor("#eef0f2")


def _register() -> dict[str, str]:
    """Register the three faces with the PDF library once; their names by role."""
    names = {}
    for role, (face, path) in fonts.faces().items():
        if face.name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(face.name, str(path), subfontIndex=face.subfont))
        names[role] = face.name
    return names


def _styles(face: dict[str, str]) -> dict[str, ParagraphStyle]:
    song, kai, hei = face["song"], face["kai"], face["hei"]
    caption = ParagraphStyle(
        "caption",
        fontName=kai,
        fontSize=12,
        leading=18,
        alignment=TA_CENTER,
        spaceBefore=6,
        spaceAfter=4,
        wordWrap="CJK",
    )
    return {
        "title": ParagraphStyle(
            "title", fontName=song, fontSize=22, leading=34, alignment=TA_CENTER, spaceAfter=10
        ),
        "line": ParagraphStyle(
            "line", fontName=kai, fontSize=14, leading=22, alignment=TA_CENTER, wordWrap="CJK"
        ),
        "heading": ParagraphStyle(
            "heading",
            fontName=hei,
            fontSize=16,
            leading=29,
            spaceBefore=8,
            firstLineIndent=32,
            keepWithNext=1,
        ),
        "body": ParagraphStyle(
            "body",
            fontName=song,
            fontSize=16,
            leading=29,
            firstLineIndent=32,
            alignment=TA_JUSTIFY,
            wordWrap="CJK",
        ),
        "caption": caption,
        # a table's caption: the figure caption's style, kept on the page of its table
        "table_caption": ParagraphStyle("table_caption", parent=caption, keepWithNext=1),
        "cell": ParagraphStyle("cell", fontName=song, fontSize=10.5, leading=14, wordWrap="CJK"),
        "number": ParagraphStyle(
            "number", fontName=song, fontSize=10.5, leading=14, alignment=TA_RIGHT
        ),
        "head": ParagraphStyle(
            "head", fontName=hei, fontSize=10.5, leading=14, alignment=TA_CENTER, wordWrap="CJK"
        ),
    }


def _table(block: Table, style: dict[str, ParagraphStyle]) -> list[Any]:
    total = sum(block.widths)
    widths = [BODY_WIDTH * w / total for w in block.widths]
    data = [[Paragraph(escape(c), style["head"]) for c in block.columns]]
    for row in block.rows:
        data.append(
            [
                Paragraph(escape(cell), style["number" if i in block.numeric else "cell"])
                for i, cell in enumerate(row)
            ]
        )
    table = PdfTable(data, colWidths=widths, repeatRows=1, splitByRow=True, hAlign="CENTER")
    table.setStyle(
        PdfTableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("FONTNAME", (0, 0), (-1, -1), style["cell"].fontName),  # not Helvetica
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
            ]
        )
    )
    # The caption stays with the table's first rows; the rest may run onto the next pages.
    caption = Paragraph(escape(block.caption), style["table_caption"])
    return [caption, table, Spacer(1, 8)]


def _figure(block: Figure, style: dict[str, ParagraphStyle]) -> list[Any]:
    width = min(block.width_cm * 10 * mm, BODY_WIDTH)
    height = width * block.height_cm / block.width_cm
    image = Image(io.BytesIO(block.png), width=width, height=height)
    # Not KeepTogether: a heading's keep-with-next chains through the picture to its caption.
    image.keepWithNext = 1
    return [image, Paragraph(escape(block.caption), style["caption"])]


def render(doc: Document) -> bytes:
    """The document as PDF bytes."""
    face = _register()
    style = _styles(face)
    story: list[Any] = [Paragraph(escape(doc.title), style["title"])]
    story += [Paragraph(escape(line), style["line"]) for line in doc.lines]
    story.append(Spacer(1, 14))
    for block in doc.blocks:
        if isinstance(block, Heading):
            story.append(Paragraph(escape(block.text), style["heading"]))
        elif isinstance(block, TextBlock):
            story.append(Paragraph(escape(block.text), style["body"]))
        elif isinstance(block, Table):
            story += _table(block, style)
        else:
            story += _figure(block, style)

    def page_number(canvas: Any, template: Any) -> None:
        canvas.saveState()
        canvas.setFont(face["song"], 14)
        text = doc.footer.format(n=template.page)
        y = BOTTOM - 14 * mm
        if template.page % 2:  # odd pages on the right, even on the left, a character in
            canvas.drawRightString(A4[0] - RIGHT - 14, y, text)
        else:
            canvas.drawString(LEFT + 14, y, text)
        canvas.restoreState()

    buffer = io.BytesIO()
    template = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        topMargin=TOP,
        bottomMargin=BOTTOM,
        leftMargin=LEFT,
        rightMargin=RIGHT,
        title=doc.title,
        subject=" / ".join(doc.lines),
        creator="graph-service",
        author="graph-service",
        lang="zh-CN" if doc.language == "zh" else "en",
        # Every page starts in an embedded face (the library's default, Helvetica, is not).
        initialFontName=face["song"],
        initialFontSize=16,
    )
    template.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()
