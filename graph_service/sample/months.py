"""The sample street with a past: N monthly rosters, the last one exactly the sample network.

`generate_months(out_dir, months)` writes one roster folder per month end (`2026-06-30/`, …)
and `months.json`: the dates and every change, month by month, so a test can check that a
diff finds exactly these. The latest month is `generate`'s sample itself (with its planted
gaps); earlier months are the same street before some changes happened:

- **moved**: a stairwell passed from one member to another in its grid (a reassignment);
- **handed over**: a retiring member's stairwell went to a serving member;
- **gap opened**: a retiring member left and nobody took their stairwell (two of the sample's
  planted uncovered stairwells came about this way);
- **gap fixed**: an uncovered stairwell got a member who already liaised elsewhere;
- **joined**: a new member joined with a stairwell that had nobody;
- **leader appointed / leader lapsed**: a grid got its party-group leader, another lost its;
- **partnership started / partnership lapsed**: a co-building contract began, another ended
  (leaving the community the sample plants without a unit).

Every month keeps the programme's figures: the same places (8 communities, 60 grids of which
45 residential, 1,109 stairwells, 18,000+ households), 17 departments, 63 community leaders,
and 1,000+ liaising members (a month loses at most the joiners and gains the retirees).
"""

from __future__ import annotations

import copy
import csv
import datetime as dt
import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from graph_service.roster.dictionary import REL_TABLES
from graph_service.sample.generator import SampleSpec, generate

Rows = list[dict[str, str]]
Tables = dict[str, Rows]
PERSON_TABLES = tuple(
    t.table for t in REL_TABLES if "Person" in t.source.targets or "Person" in t.target.targets
)
# how many of each change over the whole history (spread over the months after the first)
CHURN = {"moved": 12, "handed_over": 3, "gap_opened": 2, "gap_fixed": 6, "joined": 4}


def month_ends(months: int, end: dt.date) -> list[dt.date]:
    """The last day of each of `months` months, the last one `end`'s month."""
    days = []
    year, month = end.year, end.month
    for _ in range(months):
        first_next = dt.date(year + month // 12, month % 12 + 1, 1)
        days.append(first_next - dt.timedelta(days=1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return days[::-1]


def _read(folder: Path) -> tuple[Tables, dict[str, list[str]]]:
    tables, headers = {}, {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            tables[path.stem] = list(reader)
            headers[path.stem] = list(reader.fieldnames or [])
    return tables, headers


def _write(tables: Tables, headers: dict[str, list[str]], folder: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in tables.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, headers[name], lineterminator="\n")
            writer.writeheader()
            writer.writerows(rows)


Undo = Callable[[Tables], None]  # turns a month's tables into the month before the change
Change = tuple[str, dict[str, str], Undo]  # kind, what changed, how to undo it


class Churn:
    """Picks the changes from the latest month (the sample) and knows how to undo each."""

    def __init__(self, tables: Tables, planted: dict[str, Any], rng: random.Random) -> None:
        self.tables, self.rng = tables, rng
        grid_of_building = {b["id"]: b["grid_id"] for b in tables["buildings"]}
        self.grid_of = {
            s["id"]: grid_of_building.get(s["building_id"]) for s in tables["stairwells"]
        }
        liaisons = tables["stairwell_liaisons"]
        self.load = Counter(r["person_id"] for r in liaisons)
        planted_people = {p["person_id"] for p in planted["overloaded_liaisons"]}
        self.free = [  # single stairwell, single liaison, not planted: safe to change
            r for r in liaisons
            if self.load[r["person_id"]] == 1 and r["person_id"] not in planted_people
        ]  # fmt: skip
        self.pairs = [  # members with two stairwells: they stay liaisons if one goes
            r for r in liaisons
            if self.load[r["person_id"]] == 2 and r["person_id"] not in planted_people
        ]  # fmt: skip
        roles = Counter(r["person_id"] for t in PERSON_TABLES for r in tables.get(t, []))
        self.only_liaisons = [r for r in self.free if roles[r["person_id"]] == 1]
        self.used: set[str] = set()
        self.planted = planted
        self.retiree = 0

    def _take(self, rows: Rows, count: int) -> Rows:
        chosen: Rows = []
        for row in self.rng.sample(rows, len(rows)):
            if len(chosen) == count:
                break
            if row["stairwell_id"] in self.used or row["person_id"] in self.used:
                continue
            self.used |= {row["stairwell_id"], row["person_id"]}
            chosen.append(row)
        return chosen

    def _new_retiree(self) -> dict[str, str]:
        self.retiree += 1
        return {"id": f"PR{self.retiree:04d}", "name": f"退休党员{self.retiree}",
                "party_member": "true", "retired": "true"}  # fmt: skip

    def changes(self) -> list[Change]:
        """(kind, what, undo) for every change of the history."""
        found: list[Change] = []

        def add(kind: str, undo: Undo, **what: str) -> None:
            found.append((kind, what, undo))

        by_grid: dict[str | None, list[str]] = {}
        for row in self.free:
            by_grid.setdefault(self.grid_of.get(row["stairwell_id"]), []).append(row["person_id"])
        for row in self._take(self.pairs, CHURN["moved"]):
            stairwell, member = row["stairwell_id"], row["person_id"]
            grid = self.grid_of.get(stairwell)
            others = [p for p in by_grid.get(grid, []) if p not in self.used]
            if others:
                before = self.rng.choice(others)
                self.used.add(before)
                add("moved", _swap(stairwell, member, before), stairwell=stairwell, to=member,
                    **{"from": before})  # fmt: skip
        for row in self._take(self.free, CHURN["handed_over"]):
            stairwell, member = row["stairwell_id"], row["person_id"]
            retiree = self._new_retiree()
            add("handed_over", _retire(retiree, stairwell, member), stairwell=stairwell, to=member,
                **{"from": retiree["id"]})  # fmt: skip
        for stairwell in self.planted["uncovered_stairwells"][1 : 1 + CHURN["gap_opened"]]:
            retiree = self._new_retiree()
            add("gap_opened", _retire(retiree, stairwell, None), stairwell=stairwell,
                **{"from": retiree["id"]})  # fmt: skip
        for row in self._take(self.pairs, CHURN["gap_fixed"]):
            stairwell, member = row["stairwell_id"], row["person_id"]
            add("gap_fixed", _drop_liaison(stairwell, member), stairwell=stairwell, to=member)
        for row in self._take(self.only_liaisons, CHURN["joined"]):
            stairwell, member = row["stairwell_id"], row["person_id"]
            add("joined", _not_yet_joined(member), stairwell=stairwell, to=member)
        self._leaders_and_partners(add)
        return found

    def _leaders_and_partners(self, add: Callable[..., None]) -> None:
        leaders = self.tables["grid_leaders"]
        held = Counter(r["person_id"] for r in leaders)
        # one who leads two grids was appointed to one of them; one who leads one grid also
        # led a planted leaderless grid until it lapsed: both keep leading a grid throughout
        appointed = next(
            r for r in leaders if r["role"] == "party_group_leader" and held[r["person_id"]] == 2
        )
        spare = next(r["person_id"] for r in leaders if held[r["person_id"]] == 1)
        lacking = self.planted["grids_without_party_group_leader"][0]
        add("leader_appointed", _drop_rows("grid_leaders", appointed),
            grid=appointed["grid_id"], to=appointed["person_id"])  # fmt: skip
        lapsed = {"person_id": spare, "grid_id": lacking, "role": "party_group_leader"}
        add("leader_lapsed", _add_rows("grid_leaders", lapsed), grid=lacking, **{"from": spare})
        contracts = self.tables["co_building"]
        per_community = Counter(r["community_id"] for r in contracts)
        started = next(r for r in contracts if per_community[r["community_id"]] > 1)
        add("partnership_started", _drop_rows("co_building", started),
            community=started["community_id"], unit=started["unit_id"])  # fmt: skip
        community = self.planted["communities_without_co_building_unit"][0]
        unit = contracts[0]["unit_id"]
        ended = {"unit_id": unit, "community_id": community, "since": "2019-05-01"}
        add("partnership_lapsed", _add_rows("co_building", ended), community=community, unit=unit)


def _swap(stairwell: str, now: str, before: str) -> Undo:
    def undo(tables: Tables) -> None:
        for row in tables["stairwell_liaisons"]:
            if row["stairwell_id"] == stairwell and row["person_id"] == now:
                row["person_id"] = before

    return undo


def _retire(retiree: dict[str, str], stairwell: str, successor: str | None) -> Undo:
    def undo(tables: Tables) -> None:
        tables["people"].append(dict.fromkeys(tables["people"][0], "") | retiree)
        tables["stairwell_liaisons"] = [
            r for r in tables["stairwell_liaisons"]
            if not (r["stairwell_id"] == stairwell and r["person_id"] == successor)
        ]  # fmt: skip
        row = {
            "person_id": retiree["id"],
            "stairwell_id": stairwell,
            "role": "red_steward",
            "since": "2018-06-01",
        }
        tables["stairwell_liaisons"].append(row)

    return undo


def _drop_liaison(stairwell: str, person: str) -> Undo:
    return _drop_rows("stairwell_liaisons", {"stairwell_id": stairwell, "person_id": person})


def _not_yet_joined(person: str) -> Undo:
    def undo(tables: Tables) -> None:
        tables["people"] = [r for r in tables["people"] if r["id"] != person]
        for name in PERSON_TABLES:
            if name in tables:
                tables[name] = [r for r in tables[name] if r["person_id"] != person]

    return undo


def _drop_rows(table: str, match: dict[str, str]) -> Undo:
    def undo(tables: Tables) -> None:
        tables[table] = [r for r in tables[table] if any(r.get(k) != v for k, v in match.items())]

    return undo


def _add_rows(table: str, row: dict[str, str]) -> Undo:
    def undo(tables: Tables) -> None:
        tables[table].append(dict.fromkeys(tables[table][0], "") | row)

    return undo


def generate_months(
    out_dir: Path, months: int, spec: SampleSpec | None = None, end: dt.date | None = None
) -> dict[str, Any]:
    """Write `months` monthly rosters into `out_dir` (one folder per month end, oldest first,
    the last month ending in `end`'s month, default today) and `months.json`; returns it."""
    if months < 1:
        raise ValueError("months: at least 1")
    spec = spec or SampleSpec()
    days = month_ends(months, end or dt.date.today())
    out_dir = Path(out_dir)
    latest_dir = out_dir / days[-1].isoformat()
    planted = generate(latest_dir, spec)
    tables, headers = _read(latest_dir)
    rng = random.Random(spec.seed + months)
    changes = Churn(tables, planted, rng).changes() if months > 1 else []
    # each change happens in one of the months after the first, spread evenly
    when = {i: days[1 + i % (months - 1)] for i in range(len(changes))} if months > 1 else {}
    for index in range(months - 1):
        day = days[index]
        month = copy.deepcopy(tables)
        for number, (_, _, undo) in enumerate(changes):
            if when[number] > day:
                undo(month)
        _write(month, headers, out_dir / day.isoformat())
    manifest = {
        "months": [d.isoformat() for d in days],
        "changes": [
            {"month": when[number].isoformat(), "kind": kind, **what}
            for number, (kind, what, _) in enumerate(changes)
        ],
    }
    (out_dir / "months.json").write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    return manifest
