"""The sample network at any scale: a street, a district, a city, written as one roster.

A bigger network is more streets. The city is not one street with a hundred times the
households: it is about 55 streets, each laid out as the sample street is (its communities,
60 grids, 1,109-odd stairwells, 1,000+ liaison members, 17 departments, planted gaps and
overloads), each from its own seed. So every proportion of the sample holds at every scale:
households per stairwell, stairwells per building and grid, members per stairwell, and one set
of planted imperfections per street.

Street 1 is the sample street itself, byte for byte: `street` (and any household count that
rounds to one street) writes exactly what `generator.generate` writes. Streets 2… carry their
street number in every id (`Q002-S0001`), so ids stay unique per label, and hang under the
city's districts, ten streets to a district.

Rows are written as they are made and only one street's plan is held at a time: memory is
bounded by a street, whatever the household count.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from graph_service.roster.dictionary import TABLES, NodeTable
from graph_service.roster.files import CsvRosterWriter
from graph_service.sample import names
from graph_service.sample.generator import (
    LIMITS,
    LIMITS_WHY,
    SOURCE_HOUSEHOLDS,
    Generator,
    SampleSpec,
    generate,
)

PRESETS = {
    "street": SOURCE_HOUSEHOLDS,  # the sample street itself
    "district": 100_000,
    "city": 1_000_000,  # Quzhou: about 2.3 million people
}
STREETS_PER_DISTRICT = 10
# Quzhou's six county-level divisions; the sample street is in 柯城区.
DISTRICTS = ("柯城区", "衢江区", "龙游县", "江山市", "常山县", "开化县")


def _id_columns() -> dict[str, tuple[str, ...]]:
    """Per table, the columns that hold ids (its own and the ones it refers to)."""
    columns: dict[str, tuple[str, ...]] = {}
    for name, table in TABLES.items():
        if isinstance(table, NodeTable):
            columns[name] = ("id", *(link.column for link in table.links))
        else:
            columns[name] = (table.source.column, table.target.column)
    return columns


ID_COLUMNS = _id_columns()


def street_households(households: int) -> list[int]:
    """Households of each street: as many streets as the sample street fits, sizes even."""
    if households < 1:
        raise ValueError("households must be at least 1")
    streets = max(1, round(households / SOURCE_HOUSEHOLDS))
    base, extra = divmod(households, streets)
    return [base + (1 if index < extra else 0) for index in range(streets)]


def street_prefix(number: int) -> str:
    """What street `number`'s ids start with: nothing for the sample street (number 1)."""
    return "" if number == 1 else f"Q{number:03d}-"


class ScaledRosterWriter(CsvRosterWriter):
    """A roster writer that renames the ids of the street being written (see `begin_street`)."""

    def __init__(self, folder: Path) -> None:
        super().__init__(folder)
        self.prefix = ""
        self.district_id = "DS01"
        self.street_name = names.STREET

    def begin_street(self, number: int) -> None:
        """Rows written from now on belong to street `number` (1 is the sample street)."""
        self.prefix = street_prefix(number)
        district = (number - 1) // STREETS_PER_DISTRICT + 1
        self.district_id = f"DS{district:02d}"
        self.street_name = names.STREET if number == 1 else f"{names.STREET}{number}"
        if number > 1 and (number - 1) % STREETS_PER_DISTRICT == 0:
            name = DISTRICTS[district - 1] if district <= len(DISTRICTS) else f"第{district}区"
            super().write("districts", {"id": self.district_id, "name": name, "city_id": "CT01"})

    def rename(self, value: str) -> str:
        """An id of the sample street as street `number` spells it (lists joined by `;`)."""
        if not self.prefix or not value:
            return value
        return ";".join(self.prefix + part for part in value.split(";"))

    def write(self, table: str, row: Mapping[str, Any]) -> None:
        if not self.prefix:
            super().write(table, row)
            return
        if table in ("cities", "districts"):  # one city; districts come from begin_street
            return
        renamed = dict(row)
        for column in ID_COLUMNS[table]:
            value = renamed.get(column)
            if isinstance(value, str):
                renamed[column] = self.rename(value)
        if table == "streets":
            renamed.update(district_id=self.district_id, name=self.street_name)
        super().write(table, renamed)


def _renamed(value: Any, writer: ScaledRosterWriter, key: str = "") -> Any:
    """A planted-manifest entry with its ids renamed for the current street."""
    if isinstance(value, list):
        return [_renamed(item, writer, key) for item in value]
    if isinstance(value, dict):
        return {k: _renamed(v, writer, k) for k, v in value.items()}
    if isinstance(value, str) and (key in ("", "id", "parents") or key.endswith("_id")):
        return writer.rename(value)
    return value


def generate_scaled(
    out_dir: Path, households: int = SOURCE_HOUSEHOLDS, seed: int = SampleSpec.seed
) -> dict[str, Any]:
    """Write a network of `households` households into `out_dir` as a roster, with its
    `planted.json`. One street: exactly `generator.generate`. More: see the module docstring."""
    sizes = street_households(households)
    if len(sizes) == 1:
        return generate(out_dir, SampleSpec(households=households, seed=seed))
    out_dir = Path(out_dir)
    planted: dict[str, list[Any]] = {}
    notes: dict[str, str] = {}
    writer = ScaledRosterWriter(out_dir)
    with writer:
        for number, size in enumerate(sizes, start=1):
            writer.begin_street(number)
            manifest = Generator(SampleSpec(households=size, seed=seed + number - 1), writer).run()
            notes = manifest["notes"]
            for key in manifest:
                if key not in ("limits", "limits_why", "notes", "seed", "households"):
                    planted.setdefault(key, []).extend(_renamed(manifest[key], writer))
    result: dict[str, Any] = {
        **planted,
        "limits": LIMITS,
        "limits_why": LIMITS_WHY,
        "notes": notes,
        "seed": seed,
        "households": households,
        "streets": len(sizes),
        "rows": dict(sorted(writer.counts.items())),
        "spec": {"households": households, "seed": seed, "streets": len(sizes)},
    }
    (out_dir / "planted.json").write_text(
        json.dumps(result, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return result
