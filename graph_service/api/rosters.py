"""`POST /api/v1/imports` (upload a roster) and `GET /api/v1/exports` (the graph as one)."""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
from pathlib import Path
from typing import IO, Annotated, Literal

from fastapi import APIRouter, File, Query, Request, UploadFile
from fastapi.responses import Response

from graph_service.api.dependencies import GraphDb, WriterDb, graph_changed
from graph_service.auth.accounts import Principal
from graph_service.auth.policy import requires
from graph_service.auth.scope import scope_of
from graph_service.errors import BadRequest
from graph_service.history.snapshots import Origin
from graph_service.roster.archives import Limits
from graph_service.roster.exporter import read_tables, write_folder, xlsx_bytes
from graph_service.roster.files import RawRoster, read_xlsx, read_zip, zip_folder
from graph_service.roster.importer import ImportReport, import_roster

router = APIRouter(prefix="/api/v1", tags=["rosters"])
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _parse_upload(name: str, upload: IO[bytes], limits: Limits) -> RawRoster:
    """A .zip of CSV files or an .xlsx workbook (an .xlsx is a zip too: its name or its
    `[Content_Types].xml` tells them apart), read from the spooled upload, never whole."""
    suffix = Path(name).suffix.lower()
    head = upload.read(2000)
    upload.seek(0)
    if suffix == ".xlsx" or (suffix != ".zip" and b"[Content_Types].xml" in head):
        return read_xlsx(upload, limits)
    if suffix == ".zip" or head[:2] == b"PK":
        return read_zip(upload, limits)
    raise BadRequest(
        f"{name or 'the upload'} is neither a .zip of CSV files nor an .xlsx workbook",
        parameter="file",
    )


@router.post(
    "/imports",
    response_model=ImportReport,
    responses={
        409: {
            "description": "an older roster or another street's (`reason` says which), or "
            "another import or plan is writing (`holder` and `since` say who)"
        },
        413: {"description": "the upload is larger than MAX_UPLOAD_MB"},
        422: {"description": "Invalid roster: `problems` lists every one; nothing written"},
    },
)
def post_import(
    request: Request,
    who: Annotated[Principal, requires("rosters:import")],
    db: WriterDb,
    file: Annotated[UploadFile, File(description="a .zip of CSV files or an .xlsx workbook")],
    dry_run: Annotated[bool, Query(description="validate and report, write nothing")] = False,
    as_of: Annotated[
        dt.date | None,
        Query(description="the date the roster describes (default today), kept with its snapshot"),
    ] = None,
    accept_older: Annotated[
        bool, Query(description="make a roster older than the latest snapshot current on purpose")
    ] = False,
    allow_removals: Annotated[
        bool,
        Query(description="allow emptying a table or removing more than 20% of its rows"),
    ] = False,
) -> ImportReport:
    """Validate an uploaded roster and write it, all or nothing (one transaction; a first load
    into an empty database commits batch by batch and removes what it wrote if it fails).

    The answer counts, per table, what was added, updated, removed and left unchanged, with the
    ids; warnings (a place with no parent or two) are imported and listed. A change is
    recorded as a snapshot (`snapshot`); a roster that changes nothing records none and says
    so. An older roster than the latest snapshot, or another street's, is refused with 409
    (`reason`: older_roster, other_street) and nothing is written.
    """
    settings = request.app.state.settings
    limits = Limits(
        max_bytes=int(settings.max_upload_mb * 2**20), max_rows=settings.max_upload_rows
    )
    raw = _parse_upload(file.filename or "", file.file, limits)
    file.file.seek(0)
    digest = hashlib.sha256()
    for chunk in iter(lambda: file.file.read(2**20), b""):  # the upload is hashed, not held
        digest.update(chunk)
    origin = Origin(
        file=file.filename or None, sha256=digest.hexdigest(), as_of=as_of, account=who.account
    )
    task = f"import of {file.filename or 'an upload'} through the API"
    report = import_roster(
        db,
        raw,
        dry_run=dry_run,
        origin=origin,
        accept_older=accept_older,
        task=task,
        allow_removals=allow_removals,
    )
    if report.changed:
        graph_changed(request)  # cached answers and names describe the old graph
    return report


@router.get(
    "/exports",
    response_class=Response,
    responses={200: {"content": {"application/zip": {}, XLSX: {}}}},
)
def get_export(
    request: Request,
    who: Annotated[Principal | None, requires("rosters:export", scoped=True)],
    db: GraphDb,
    format: Annotated[
        Literal["zip", "xlsx"], Query(description="zip of CSV files, or xlsx")
    ] = "zip",
) -> Response:
    """The whole graph as a roster, in the import format, with personal fields masked (a
    masked export is for reading: it cannot be imported back faithfully). An unmasked copy is
    made only on the server itself, with `graph-service export`. An account limited to a place
    gets what its place holds: its places, people, organisations and events, and the links
    between them."""
    tables = read_tables(db)
    scope = scope_of(request, who, db)
    if scope.members is not None:
        tables = tables.within(scope.allows)
    if format == "xlsx":
        body, media = xlsx_bytes(tables, masked=True), XLSX
    else:
        with tempfile.TemporaryDirectory() as folder:
            write_folder(tables, Path(folder), masked=True)
            body, media = zip_folder(Path(folder)), "application/zip"
    name = f"quhua-roster-masked.{format}"
    return Response(
        body, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
