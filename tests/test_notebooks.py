"""Every notebook in notebooks/ runs top to bottom against the live service on the sample network.

Each notebook asserts at least one number it shows, so a silently empty result fails here.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


def test_there_are_notebooks_to_run() -> None:
    assert len(NOTEBOOKS) >= 5


@pytest.mark.sample
@pytest.mark.notebook
@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs_end_to_end(
    path: Path, sample_db: object, live_server: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    notebook = nbformat.read(path, as_version=4)
    assert any("assert" in cell.source for cell in notebook.cells if cell.cell_type == "code"), (
        f"{path.name} asserts none of the numbers it shows"
    )
    monkeypatch.setenv("GRAPH_SERVICE_URL", live_server)  # the kernel inherits it
    NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": path.parent}}
    ).execute()
