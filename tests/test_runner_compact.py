"""The runner reads analyses and projections as one record of row lists
(`Runner._read_compact`): the rows must be exactly those the driver gives as records."""

from __future__ import annotations

import pytest
from conftest import other_client

from graph_service.db.queries import file_names, query_file
from graph_service.db.runner import Runner

COMPACT = [*file_names("analyses"), *file_names("projections")]
# the small street's loads are all within the default limits (tests/test_analyses.py)
NOBODY_OVER_THE_DEFAULT_LIMITS = {"analyses/overloaded-cadres", "analyses/overloaded-liaisons"}


@pytest.mark.parametrize("name", COMPACT)
def test_compact_rows_equal_the_drivers_records(name: str, small_street: Runner) -> None:
    query = query_file(name)
    params = {param.name: param.default for param in query.params}
    columns, rows = small_street.read_table(name, params)
    records = other_client(small_street, query.text, **params)
    assert columns == list(records.keys)
    assert rows == [record.data() for record in records.records]
    assert bool(rows) != (name in NOBODY_OVER_THE_DEFAULT_LIMITS)  # compared on something
