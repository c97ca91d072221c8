"""`/notebooks/`: the analyst notebooks as static pages, for colleagues without Jupyter.

`make notebooks-html` runs every notebook on the network the local service holds and writes
the pages into the folder of the `NOTEBOOK_PAGES` setting (`graph_service.notebooks.pages`);
this router only serves that folder's files: the index, one page per notebook and the chart
scripts beside them. Names are checked against one pattern, so no request reaches outside it.
"""

from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, Path, Request
from fastapi.responses import FileResponse, RedirectResponse

from graph_service.auth.policy import requires
from graph_service.errors import NotFound

# The pages hold what the notebooks showed, names included, for the whole territory: they are
# for the accounts that may run analyses there, as the analyses themselves are.
router = APIRouter(
    tags=["notebooks"],
    include_in_schema=False,
    dependencies=[requires("analyses:run", page=True)],
)
FILE_NAME = r"^[A-Za-z0-9][A-Za-z0-9_.-]*\.(html|js)$"
MEDIA_TYPES = {"html": "text/html; charset=utf-8", "js": "text/javascript; charset=utf-8"}


@router.get("/notebooks")
def notebooks_root() -> RedirectResponse:
    return RedirectResponse("/notebooks/")


@router.get("/notebooks/")
def notebook_index(request: Request) -> FileResponse:
    """The list of notebook pages."""
    return _page(request, "index.html")


@router.get("/notebooks/{name}")
def notebook_page(
    request: Request, name: Annotated[str, Path(pattern=FILE_NAME, max_length=100)]
) -> FileResponse:
    """One notebook's page, or a script the pages load."""
    return _page(request, name)


def _page(request: Request, name: str) -> FileResponse:
    folder = request.app.state.settings.notebook_pages
    path = folder / name
    if not re.match(FILE_NAME, name) or not path.is_file():
        raise NotFound(
            f"no notebook page {name!r} in {folder.name}/: `make notebooks-html` writes them"
        )
    suffix = name.rsplit(".", 1)[1]
    return FileResponse(path, media_type=MEDIA_TYPES[suffix])
