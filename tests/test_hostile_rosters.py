"""Hostile and broken roster files are refused cheaply, with file, row, column and what to do;
nothing is written, and a dry run that says valid means the import goes in.

Tiny hand-made rosters (a city and its districts) sent through the API, mostly as dry runs."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook

from graph_service.app import create_app
from graph_service.db.runner import Runner
from graph_service.roster import values
from graph_service.roster.dictionary import Field
from graph_service.settings import Settings

CITY = "id,name\nCT01,衢州市\n"


def zipped(entries: dict[str, bytes], *, compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def districts(*rows: str) -> bytes:
    return ("id,name,city_id\n" + "".join(f"{r}\n" for r in rows)).encode("utf-8")


def dry_run(client: TestClient, body: bytes, name: str = "roster.zip") -> Any:
    return client.post("/api/v1/imports?dry_run=true", files={"file": (name, body)})


def problems(answer: Any) -> list[dict[str, Any]]:
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"] == "application/problem+json"
    found: list[dict[str, Any]] = answer.json()["problems"]
    return found


def only(answer: Any) -> dict[str, Any]:
    [problem] = problems(answer)
    return problem


@pytest.fixture
def api(empty_db: Runner, importer_client: TestClient) -> TestClient:
    return importer_client


def test_a_zip_bomb_is_refused_from_its_directory(api: TestClient) -> None:
    bomb = zipped({"cities.csv": CITY.encode(), "districts.csv": b"0" * 200_000_000})
    assert len(bomb) < 300_000  # 200 MB of zeros in a fraction of a megabyte
    problem = only(dry_run(api, bomb))
    assert problem["code"] == "unreadable" and "zip bomb" in problem["message"]
    many = zipped({f"t{i}.csv": b"id\n" for i in range(1_001)}, compression=zipfile.ZIP_STORED)
    assert "1,001 entries" in only(dry_run(api, many))["message"]


def test_uploads_beyond_the_limit_are_stopped_while_they_stream(
    empty_db: Runner, settings: Settings, importer_headers: dict[str, str]
) -> None:
    small = settings.model_copy(update={"max_upload_mb": 0.5})
    with TestClient(create_app(small), headers=importer_headers) as client:
        text = "".join(f"DS{i:06d},区{i},CT01\n" for i in range(60_000)).encode()  # ~1 MB
        packed = zipped({"cities.csv": CITY.encode(), "districts.csv": text})
        assert len(packed) < 2**19  # the upload fits, what it decompresses to does not
        assert "decompresses to more than 0.5 MB" in only(dry_run(client, packed))["message"]
        declared = client.post("/api/v1/imports", files={"file": ("big.zip", b"x" * 2**20)})
        assert declared.status_code == 413
        assert declared.headers["content-type"] == "application/problem+json"

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it streams
            for _ in range(64):
                yield b"y" * 2**16

        streamed = client.post(
            "/api/v1/imports",
            content=chunks(),
            headers={"content-type": "multipart/form-data; boundary=x"},
        )
        assert streamed.status_code == 413


def test_archive_names_are_never_paths_and_are_decoded_like_windows_wrote_them(
    api: TestClient,
) -> None:
    climbing = zipped({"../cities.csv": CITY.encode(), "/etc/districts.csv": districts()})
    found = {p["source"]: p["message"] for p in problems(dry_run(api, climbing))}
    assert found == {
        "../cities.csv": "../cities.csv climbs out of the archive (..): a roster .zip holds "
        "plain CSV files",
        "/etc/districts.csv": "/etc/districts.csv is an absolute path: a roster .zip holds "
        "plain CSV files",
    }
    # Windows Explorer and Info-ZIP store a Chinese name in GBK without the UTF-8 flag
    plain = zipped({"CITY.csv": CITY.encode(), "DS.csv": districts("DS01,柯城区,CT01")})
    windows = plain.replace(b"CITY.csv", "城市.csv".encode("gb18030")[:4] + b".csv")
    windows = windows.replace(b"DS.csv", "区.csv".encode("gb18030"))
    with zipfile.ZipFile(io.BytesIO(windows)) as archive:
        assert not any(i.flag_bits & 0x800 for i in archive.infolist())
    found = {p["source"]: p["code"] for p in problems(dry_run(api, windows))}
    # 城市 is no table name: named readably, not as mojibake; 区 is the districts table (whose
    # city is unknown, as the cities table was not recognised)
    assert found == {"城市.csv": "unknown_table", "区.csv": "unknown_reference"}


def test_text_in_another_encoding_is_refused_not_read_as_mojibake(api: TestClient) -> None:
    latin = zipped({"cities.csv": CITY.encode(), "districts.csv": districts(
        "DS01,Müller Straße,CT01", "DS02,Gärten,CT01").decode().encode("cp1252")})  # fmt: skip
    problem = only(dry_run(api, latin))
    assert (
        problem["source"] == "districts.csv" and "neither UTF-8 nor GB18030" in (problem["message"])
    )
    text = districts("DS01,柯城区喆,CT01").decode()  # 喆 is in GBK, not in GB2312
    gbk = zipped({"cities.csv": CITY.encode("gb18030"), "districts.csv": text.encode("gb18030")})
    answer = dry_run(api, gbk)
    assert answer.status_code == 200 and answer.json()["tables"]["districts"]["added"] == 1


@pytest.mark.parametrize(
    ("row", "column", "says"),
    [
        ("DS01,柯城\x00区,CT01", "name", "control character U+0000"),
        ("DS01,柯城\x1b区,CT01", "name", "control character U+001B"),
        ("ＤＳ０１,柯城区,CT01", "id", "write it as 'DS01'"),
        ("DS01,柯城区,ＣＴ０１", "city_id", "write it as 'CT01'"),
        ("DS01," + "名" * 1_400 + ",CT01", "name", "4,200 bytes long"),
    ],
)
def test_cells_no_roster_may_hold_are_refused_with_their_place(
    api: TestClient, row: str, column: str, says: str
) -> None:
    body = zipped({"cities.csv": CITY.encode(), "districts.csv": districts(row)})
    problem = only(dry_run(api, body))
    assert (problem["source"], problem["row"], problem["column"]) == ("districts.csv", 2, column)
    assert says in problem["message"]


def test_a_name_just_within_the_limit_goes_in_as_the_dry_run_said(api: TestClient) -> None:
    body = zipped(
        {"cities.csv": CITY.encode(), "districts.csv": districts("DS01," + "名" * 1_333 + ",CT01")}
    )  # fmt: skip  (3,999 bytes: the longest allowed)
    assert dry_run(api, body).status_code == 200
    answer = api.post("/api/v1/imports", files={"file": ("roster.zip", body)})
    assert answer.status_code == 200 and answer.json()["status"] == "imported"


def test_integers_are_read_exactly_within_64_bits() -> None:
    count = Field("problems_solved", "problems solved", "解决问题数", "int", minimum=0)
    assert values.parse_value(count, "9223372036854775807") == 2**63 - 1
    assert values.parse_value(count, "12.0") == 12
    for text, says in [
        ("9223372036854775808", "beyond the 64-bit range"),
        ("1e30", "beyond the 64-bit range"),
        ("１２", "ASCII digits"),
        ("1_000", "not a whole number"),
        ("nan", "not a whole number"),
    ]:
        with pytest.raises(values.CellError, match=says):
            values.parse_value(count, text)


def workbook(build: Any) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "districts"
    build(sheet)
    cities = book.create_sheet("cities")
    cities.append(["id", "name"])
    cities.append(["CT01", "衢州市"])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_merged_and_formula_cells_are_named_as_such(api: TestClient) -> None:
    def merged(sheet: Any) -> None:
        sheet.append(["id", "name", "city_id"])
        sheet.append(["DS01", "柯城区", "CT01"])
        sheet.append(["DS02", "衢江区", None])
        sheet.merge_cells("C2:C3")

    [problem] = [p for p in problems(dry_run(api, workbook(merged), "roster.xlsx"))
                 if p["severity"] == "error"]  # fmt: skip
    assert (problem["code"], problem["row"], problem["column"]) == ("merged_cells", 2, "city_id")
    assert "C2:C3 are merged" in problem["message"]

    def formula(sheet: Any) -> None:
        sheet.append(["id", "name", "city_id"])
        sheet.append(["DS01", '=A2&"区"', "CT01"])

    problem = only(dry_run(api, workbook(formula), "roster.xlsx"))
    assert (problem["code"], problem["row"], problem["column"]) == ("formula", 2, "name")
    assert "holds a formula" in problem["message"]


def test_problems_are_listed_up_to_a_thousand_and_all_counted(api: TestClient) -> None:
    rows = [f"DS{i:05d},区,CT99" for i in range(1_500)]  # every row names an unknown city
    answer = dry_run(api, zipped({"cities.csv": CITY.encode(), "districts.csv": districts(*rows)}))
    body = answer.json()
    assert len(body["problems"]) == 1_000
    assert body["problems_total"] == 1_500 and body["counts"] == {"unknown_reference": 1_500}
    assert "1,500 error(s)" in body["detail"]


def test_the_command_line_never_prints_a_traceback_for_bad_input(
    empty_db: Runner, settings: Settings, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zipped({"districts.csv": b"0" * 50_000_000}))
    not_xlsx = tmp_path / "roster.xlsx"
    not_xlsx.write_bytes(b"PK\x03\x04 not really")
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "districts.csv").write_bytes(b"id,name,city_id\nDS01,\x00\xff\xfe,CT01\n")
    (broken / "people.csv").write_bytes("id,name\nP1,Müller\n".encode("cp1252"))
    env = {**os.environ, "NEO4J_URI": settings.neo4j_uri,
           "NEO4J_PASSWORD": settings.neo4j_password}  # fmt: skip
    cli = Path(sys.executable).with_name("graph-service")
    for path in (bomb, not_xlsx, broken, tmp_path / "missing.zip"):
        run = subprocess.run(
            [str(cli), "import", str(path), "--dry-run"], env=env, capture_output=True, text=True
        )
        assert run.returncode != 0, path
        assert "Traceback" not in run.stderr and "error:" in run.stderr, run.stderr
