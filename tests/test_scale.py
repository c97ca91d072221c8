"""The generator at scale: the street preset is the sample itself; more households make more
streets, each with the sample street's proportions and planted imperfections, as a valid roster.
"""

from __future__ import annotations

import csv
import filecmp
import json
from collections import Counter
from pathlib import Path

import pytest

from graph_service.cli import main
from graph_service.roster.files import read_roster
from graph_service.roster.validation import validate
from graph_service.sample.generator import SampleSpec, generate
from graph_service.sample.scale import PRESETS, generate_scaled, street_households


def rows(folder: Path, table: str) -> list[dict[str, str]]:
    with (folder / f"{table}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_presets_and_street_sizes() -> None:
    assert PRESETS == {"street": 18_240, "district": 100_000, "city": 1_000_000}
    assert street_households(18_240) == [18_240]
    assert street_households(100_000) == [20_000] * 5
    city = street_households(1_000_000)
    assert len(city) == 55 and sum(city) == 1_000_000 and max(city) - min(city) <= 1
    with pytest.raises(ValueError):
        street_households(0)


def test_street_preset_is_the_sample_byte_for_byte(tmp_path: Path) -> None:
    generate(tmp_path / "sample", SampleSpec())
    assert main(["generate", str(tmp_path / "street"), "--scale", "street"]) == 0
    files = sorted(p.name for p in (tmp_path / "sample").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "street").iterdir())
    same, mismatch, errors = filecmp.cmpfiles(
        tmp_path / "sample", tmp_path / "street", files, shallow=False
    )
    assert (same, mismatch, errors) == (files, [], [])


@pytest.fixture(scope="module")
def two_streets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("scaled") / "roster"
    generate_scaled(folder, 2 * 18_240)
    return folder


def test_two_streets_keep_the_proportions(two_streets: Path) -> None:
    manifest = json.loads((two_streets / "planted.json").read_text(encoding="utf-8"))
    assert manifest["streets"] == 2
    assert len(rows(two_streets, "households")) == 2 * 18_240
    assert len(rows(two_streets, "stairwells")) == 2 * 1_109
    assert len(rows(two_streets, "buildings")) == 2 * 714
    assert len(rows(two_streets, "grids")) == 2 * 60
    assert len(rows(two_streets, "communities")) == 2 * 8
    assert len(rows(two_streets, "departments")) == 2 * 17
    assert [r["id"] for r in rows(two_streets, "streets")] == ["ST01", "Q002-ST01"]
    assert [r["district_id"] for r in rows(two_streets, "streets")] == ["DS01", "DS01"]
    per_stairwell = Counter(r["stairwell_id"] for r in rows(two_streets, "households"))
    assert min(per_stairwell.values()) >= 8 and max(per_stairwell.values()) <= 26
    # every planted imperfection once per street, the second street's ids carrying its prefix
    assert len(manifest["uncovered_stairwells"]) == 2 * 12
    assert len(manifest["overloaded_liaisons"]) == 2 * 4
    second = [s for s in manifest["uncovered_stairwells"] if s.startswith("Q002-S")]
    assert len(second) == 12
    liaised = {r["stairwell_id"] for r in rows(two_streets, "stairwell_liaisons")}
    assert not liaised & set(manifest["uncovered_stairwells"])


def test_two_streets_are_a_valid_roster_with_unique_ids(two_streets: Path) -> None:
    tables, problems = validate(read_roster(two_streets))
    assert [p.text() for p in problems if p.severity == "error"] == []
    assert len(tables.nodes["households"]) == 2 * 18_240
    people = [r["id"] for r in rows(two_streets, "people")]
    assert len(people) == len(set(people))
