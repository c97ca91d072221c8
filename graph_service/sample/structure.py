"""Who is in which team, branch and partnership in the sample: small fixed tables, read at a glance.

The planted imperfections among them (see `plan.py` for the rest): department D05 sits in three
community teams (over the limit of two); team T08 has no department (CM08 is served on paper
only); branch PB06 has no member (CM06's pairing is on paper only); CM07 has no co-building unit.
"""

from __future__ import annotations

WARTIME_CADRES = 233  # "17个部门233名…党员干部"
ORGAN_MEMBERS = 126  # "126名机关党员"
VOLUNTEERS = 1_108  # "遴选出1100余名党员"
RETIRED_MEMBERS = 2_216  # "2200余名退休党员"
RETIRED_LIAISONS = 400  # retired members who also liaise with stairwells

# Service teams: T01..T08 serve CM01..CM08 (組团联社); T09, T10 are the wartime 服务总团.
TEAMS: dict[str, tuple[str, ...]] = {
    "T01": ("D01", "D02", "D03"),
    "T02": ("D04", "D05", "D06"),
    "T03": ("D07", "D08", "D09", "D05"),
    "T04": ("D10", "D11", "D05"),
    "T05": ("D12", "D13"),
    "T06": ("D14", "D15"),
    "T07": ("D16", "D17"),
    "T08": (),  # planted: a team on paper only
    "T09": ("D01", "D02", "D03", "D04", "D05", "D06", "D07", "D08", "D09"),
    "T10": ("D10", "D11", "D12", "D13", "D14", "D15", "D16", "D17"),
}

# Organ branches PB01..PB08, paired with CM01..CM08 in order. PB01 is the party branch of
# 中国工商银行衢州巨化支行 (U20), which the source cites for 花径一村社区's credit ratings.
BRANCH_OWNERS: tuple[tuple[str, str], ...] = (
    ("Unit", "U20"),
    ("Department", "D01"),
    ("Department", "D02"),
    ("Department", "D03"),
    ("Department", "D08"),
    ("Department", "D09"),
    ("Department", "D12"),
    ("Department", "D13"),
)
PAPER_BRANCH = "PB06"  # planted: paired with CM06, no member

# Co-building units per community (契约化共建); CM07 has none (planted). U16..U18 co-build
# nothing: members of the joint committee without a pairing, as real ones are.
CO_BUILDING: dict[int, tuple[str, ...]] = {
    1: ("U02", "U03", "U19", "U20"),
    2: ("U04", "U05", "U19"),
    3: ("U06", "U07", "U21"),
    4: ("U08", "U09", "U22"),
    5: ("U10", "U11", "U22"),
    6: ("U12", "U13", "U23"),
    8: ("U14", "U15", "U24"),
}

PROPERTY_SERVICE = ("PC01", "PC01", "PC02", "PC03", "PC04", "PC04", "PC05", "PC02")
