"""The drill's assignment table (包干表) as rows and as a printable Excel workbook.

One row per dark place: community, grid, kind, place, households, the person proposed, their
phone (masked), role and how near they are; a place the plan cannot cover has no person and
says why. A second sheet lists what goes dark per community and grid.
"""

from __future__ import annotations

import io
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.worksheet.worksheet import Worksheet

from graph_service.analyses.cover_pool import ROLE_NAMES
from graph_service.analyses.drill import Drill

KINDS = {
    "stairwell": ("楼道", "stairwell"),
    "building": ("楼栋", "building"),
    "checkpoint": ("卡点", "checkpoint"),
}
NEARNESS_NAMES = {
    "stairwell": ("同楼道", "same stairwell"),
    "building": ("同楼栋", "same building"),
    "grid": ("同网格", "same grid"),
    "community": ("同社区", "same community"),
}
REASONS = {
    "too_big": ("户数超过上限", "too many households"),
    "no_one_near": ("社区内无人可接", "no one left nearby"),
    "all_full": ("附近人员已满负荷", "everyone near is full"),
}
COLUMNS = (
    ("community", "社区", "community"),
    ("grid", "网格", "grid"),
    ("kind", "类型", "kind"),
    ("place", "地点", "place"),
    ("place_key", "地点编号", "place id"),
    ("households", "户数", "households"),
    ("person", "接替人", "person"),
    ("phone", "联系电话", "phone"),
    ("role", "身份", "role"),
    ("nearness", "就近程度", "nearness"),
    ("note", "说明", "note"),
)
AREA_COLUMNS = (
    ("community", "社区", "community"),
    ("grid", "网格", "grid"),
    ("stairwells", "断联楼道", "dark stairwells"),
    ("buildings", "断联楼栋", "dark buildings"),
    ("checkpoints", "断联卡点", "dark checkpoints"),
    ("households", "涉及户数", "households"),
)


def assignment_rows(drill: Drill, lang: str = "zh") -> list[dict[str, Any]]:
    """The table's rows, in the page language (`zh` or `en`) for kinds, roles and notes."""
    pick = 0 if lang == "zh" else 1
    assigned = {a.place: a for a in drill.cover.assignments}
    rows = []
    for dark in drill.places:
        place = dark.place
        assignment = assigned.get(place.key)
        person = drill.people[assignment.person] if assignment else None
        reason = drill.cover.uncovered.get(place.key)
        rows.append(
            {
                "community": dark.community,
                "grid": dark.grid,
                "kind": KINDS[place.kind][pick],
                "place": dark.name,
                "place_key": place.key,
                "households": place.households if place.kind != "checkpoint" else None,
                "person": person.name if person else None,
                "person_key": person.key if person else None,
                "phone": person.phone if person else None,
                "role": ROLE_NAMES[person.role][pick] if person else None,
                "nearness": NEARNESS_NAMES[assignment.nearness][pick] if assignment else None,
                "note": f"{REASONS[reason[0]][pick]}: {reason[1]}" if reason else None,
            }
        )
    return rows


def workbook(drill: Drill, lang: str = "zh") -> bytes:
    """The 包干表 as an .xlsx file: assignments, then the losses per community and grid."""
    pick = 1 if lang == "zh" else 2
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "包干表" if lang == "zh" else "assignments"
    _fill(sheet, COLUMNS, assignment_rows(drill, lang), pick)
    areas = book.create_sheet("断联统计" if lang == "zh" else "dark by area")
    _fill(areas, AREA_COLUMNS, [vars(area) for area in drill.areas], pick)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _fill(
    sheet: Worksheet,
    columns: tuple[tuple[str, str, str], ...],
    rows: list[dict[str, Any]],
    pick: int,
) -> None:
    sheet.append([column[pick] for column in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for row in rows:
        sheet.append([row.get(column[0]) for column in columns])
    sheet.freeze_panes = "A2"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    for index, column in enumerate(columns, start=1):
        width = max([len(str(column[pick]))] + [len(str(row.get(column[0]) or "")) for row in rows])
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = min(
            40, 4 + 1.6 * width
        )
