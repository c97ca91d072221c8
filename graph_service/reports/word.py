"""A briefing as a Word file (.docx), laid out as a Chinese official document (GB/T 9704) the way
Word and WPS users expect: A4, margins 37/35/28/26 mm, title in 小标宋 22 pt, first-level
headings in 黑体 16 pt, body in 仿宋 16 pt with a two-character indent, tables in 宋体 10.5 pt
whose header row repeats on every page and whose rows never split, numbered captions (表 above,
图 below), and `— 1 —` page numbers at the foot, odd pages right and even pages left.

A .docx names its faces rather than embedding them (`fonts.WORD_FACES`: the names Chinese
Windows and WPS ship); the PDF is the format that carries its fonts.
"""

from __future__ import annotations

import io

from docx import Document as new_document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from docx.text.run import Run

from graph_service.reports.document import Document, Figure, Heading, Table
from graph_service.reports.fonts import LATIN_FACE, WORD_FACES

BLACK = RGBColor(0, 0, 0)


def _face(run: Run, east_asian: str, size: float, bold: bool = False) -> None:
    """Set a run's Latin and East Asian faces (Word keeps them apart) and its size."""
    run.font.name = LATIN_FACE
    run.font.size = Pt(size)
    run.font.bold = bold
    run.font.color.rgb = BLACK
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), east_asian)


def _text(
    paragraph: DocxParagraph, text: str, face: str, size: float, bold: bool = False
) -> DocxParagraph:
    _face(paragraph.add_run(text), face, size, bold)
    return paragraph


def _centred(paragraph: DocxParagraph, before: float = 0, after: float = 0) -> DocxParagraph:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.first_line_indent = Pt(0)
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    return paragraph


def _page_field(paragraph: DocxParagraph, template: str) -> None:
    """`— {n} —` with {n} a PAGE field Word and WPS fill in."""
    before, _, after = template.partition("{n}")
    _text(paragraph, before, WORD_FACES["song"], 14)
    run = paragraph.add_run()
    _face(run, WORD_FACES["song"], 14)
    for kind, text in (("begin", None), ("instr", " PAGE "), ("separate", None), ("end", None)):
        if kind == "instr":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = text
        else:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        run._element.append(element)
        if kind == "separate":
            shown = OxmlElement("w:t")
            shown.text = "1"
            run._element.append(shown)
    _text(paragraph, after, WORD_FACES["song"], 14)


def _repeat_header(row_element: object) -> None:
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _no_split(row_element: object) -> None:
    tr_pr = row_element.get_or_add_trPr()  # type: ignore[attr-defined]
    tr_pr.append(OxmlElement("w:cantSplit"))


def _table(doc: object, block: Table, width_cm: float) -> None:
    caption = _centred(doc.add_paragraph(), before=6, after=3)  # type: ignore[attr-defined]
    caption.paragraph_format.keep_with_next = True
    _text(caption, block.caption, WORD_FACES["kai"], 12)
    table = doc.add_table(rows=1, cols=len(block.columns))  # type: ignore[attr-defined]
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    total = sum(block.widths)
    widths = [Cm(width_cm * w / total) for w in block.widths]
    header = table.rows[0]
    _no_split(header._tr)  # before tblHeader: the schema orders a row's properties
    _repeat_header(header._tr)
    for i, column in enumerate(block.columns):
        cell = header.cells[i]
        cell.width = widths[i]
        _text(_centred(cell.paragraphs[0]), column, WORD_FACES["hei"], 10.5)
    for values in block.rows:
        row = table.add_row()
        _no_split(row._tr)
        for i, value in enumerate(values):
            cell = row.cells[i]
            cell.width = widths[i]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.first_line_indent = Pt(0)
            if i in block.numeric:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _text(paragraph, value, WORD_FACES["song"], 10.5)
    doc.add_paragraph()  # type: ignore[attr-defined]


def render(document: Document) -> bytes:
    """The document as .docx bytes."""
    doc = new_document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(18)
    body_cm = (210 - 28 - 26) / 10

    normal = doc.styles["Normal"]
    normal.font.name = LATIN_FACE
    normal.font.size = Pt(16)
    r_fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    r_fonts.set(qn("w:eastAsia"), WORD_FACES["body"])
    language = OxmlElement("w:lang")
    language.set(qn("w:eastAsia"), "zh-CN")
    language.set(qn("w:val"), "zh-CN" if document.language == "zh" else "en-US")
    normal.element.get_or_add_rPr().append(language)
    normal.paragraph_format.line_spacing = Pt(29)
    normal.paragraph_format.first_line_indent = Pt(32)
    normal.paragraph_format.space_after = Pt(0)

    doc.core_properties.title = document.title
    doc.core_properties.subject = " / ".join(document.lines)
    doc.core_properties.author = "graph-service"
    doc.core_properties.language = "zh-CN" if document.language == "zh" else "en"

    # Page numbers: odd pages on the right, even pages on the left (different odd/even footers).
    doc.settings.odd_and_even_pages_header_footer = True
    odd = section.footer.paragraphs[0]
    odd.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    odd.paragraph_format.first_line_indent = Pt(0)
    _page_field(odd, document.footer)
    even = section.even_page_footer.paragraphs[0]
    even.alignment = WD_ALIGN_PARAGRAPH.LEFT
    even.paragraph_format.first_line_indent = Pt(0)
    _page_field(even, document.footer)

    title = _centred(doc.add_paragraph(), after=10)
    title.paragraph_format.line_spacing = Pt(36)
    _text(title, document.title, WORD_FACES["title"], 22)
    for line in document.lines:
        _text(_centred(doc.add_paragraph()), line, WORD_FACES["kai"], 14)
    doc.add_paragraph()

    for block in document.blocks:
        if isinstance(block, Heading):
            heading = doc.add_paragraph(style="Heading 1")
            heading.paragraph_format.first_line_indent = Pt(32)
            heading.paragraph_format.keep_with_next = True
            heading.paragraph_format.space_before = Pt(8)
            heading.paragraph_format.space_after = Pt(0)
            _text(heading, block.text, WORD_FACES["hei"], 16)
        elif isinstance(block, Table):
            _table(doc, block, body_cm)
        elif isinstance(block, Figure):
            picture = _centred(doc.add_paragraph(), before=6)
            picture.paragraph_format.keep_with_next = True
            picture.paragraph_format.line_spacing = 1.0
            width = min(block.width_cm, body_cm)
            picture.add_run().add_picture(io.BytesIO(block.png), width=Cm(width))
            caption = _centred(doc.add_paragraph(), after=6)
            _text(caption, block.caption, WORD_FACES["kai"], 12)
        else:
            paragraph = doc.add_paragraph()
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            _text(paragraph, block.text, WORD_FACES["body"], 16)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
