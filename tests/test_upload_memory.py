"""The API's memory stays under 1 GB whatever is uploaded: measured as the peak resident set
(VmHWM) of a real `graph-service serve` process after a zip bomb, a 200 MB body (declared and
streamed), a roster of a million bad rows (refused at the row limit) and one of half a million
bad rows (each checked). The figures are written to
test-artifacts/upload-memory.txt (docs/reliability.md quotes them)."""

from __future__ import annotations

import http.client
import io
import os
import socket
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from graph_service.db.runner import Runner
from graph_service.settings import Settings

LIMIT_KB = 1024 * 1024  # 1 GB


def peak_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc")


@pytest.fixture
def api_process(empty_db: Runner, settings: Settings) -> Iterator[tuple[str, int]]:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "LOAD_SAMPLE": "false",
        "STATE_DIR": str(settings.state_dir),
    }  # fmt: skip  (the suite's accounts)
    cli = Path(sys.executable).with_name("graph-service")
    server = subprocess.Popen(
        [str(cli), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=5).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        assert time.monotonic() < deadline and server.poll() is None, "the API did not start"
        time.sleep(0.5)
    yield url, server.pid
    server.terminate()
    server.wait(timeout=30)


def zip_bomb() -> bytes:
    """districts.csv of 1 GB of zeros, about 1 MB compressed (written in chunks)."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive,
        archive.open("districts.csv", "w", force_zip64=True) as member,
    ):
        chunk = b"0" * 2**24
        for _ in range(64):
            member.write(chunk)
    return buffer.getvalue()


def bad_rows(count: int) -> bytes:
    """districts.csv with `count` rows that each name a city that does not exist."""
    text = "id,name,city_id\n" + "".join(
        f"D{i:07d},区{i % 97},C{i % 89:02d}\n" for i in range(count)
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("districts.csv", text.encode())
    return buffer.getvalue()


def declared_200_mb(url: str, headers: dict[str, str]) -> int:
    """Headers announcing 200 MB, no body sent: the answer comes before any of it is read."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    connection.putrequest("POST", "/api/v1/imports")
    connection.putheader("Content-Type", "multipart/form-data; boundary=x")
    connection.putheader("Content-Length", str(200 * 2**20))
    for name, value in headers.items():
        connection.putheader(name, value)
    connection.endheaders()
    status = connection.getresponse().status
    connection.close()
    return status


def streamed_200_mb(url: str, headers: dict[str, str]) -> int | None:
    """200 MB sent chunked (no length): the API stops reading at its limit and answers 413;
    the client may see the connection closed while it still sends."""

    def body() -> Iterator[bytes]:
        yield (b'--x\r\nContent-Disposition: form-data; name="file"; filename="big.zip"\r\n'
               b"Content-Type: application/zip\r\n\r\n")  # fmt: skip
        chunk = b"z" * 2**20
        for _ in range(200):
            yield chunk

    try:
        answer = httpx.post(
            f"{url}/api/v1/imports",
            content=body(),
            headers={"content-type": "multipart/form-data; boundary=x", **headers},
            timeout=120,
        )
    except httpx.TransportError:
        return None
    return answer.status_code


def test_no_upload_takes_the_api_past_1_gb(
    api_process: tuple[str, int], importer_headers: dict[str, str]
) -> None:
    url, pid = api_process
    signed = {"headers": importer_headers}  # as the roster importer
    figures = {"at start": peak_kb(pid)}
    bomb = zip_bomb()
    assert len(bomb) < 1_200_000
    answer = httpx.post(
        f"{url}/api/v1/imports", files={"file": ("bomb.zip", bomb)}, timeout=120, **signed
    )
    assert answer.status_code == 422 and "zip bomb" in answer.text
    figures["zip bomb (1.0 MB → 1 GB)"] = peak_kb(pid)
    assert declared_200_mb(url, importer_headers) == 413
    assert streamed_200_mb(url, importer_headers) in (413, None)
    assert httpx.get(f"{url}/health", timeout=30).status_code == 200  # still serving
    figures["200 MB body (declared, then streamed)"] = peak_kb(pid)
    rows = {"file": ("rows.zip", bad_rows(1_000_000))}
    answer = httpx.post(f"{url}/api/v1/imports?dry_run=true", files=rows, timeout=600, **signed)
    assert answer.status_code == 422, answer.text[:500]
    assert "more than 500,000 rows" in answer.json()["problems"][0]["message"]
    figures["10^6 bad rows (refused at the row limit)"] = peak_kb(pid)
    rows = {"file": ("rows.zip", bad_rows(499_999))}
    answer = httpx.post(f"{url}/api/v1/imports?dry_run=true", files=rows, timeout=600, **signed)
    assert answer.status_code == 422, answer.text[:500]
    body = answer.json()
    assert len(body["problems"]) == 1_000 and body["problems_total"] == 499_999
    assert len(answer.content) < 1_000_000  # not the 150 MB a full list would be
    figures["499,999 bad rows, each checked (dry run)"] = peak_kb(pid)
    report = Path(__file__).resolve().parents[1] / "test-artifacts" / "upload-memory.txt"
    report.parent.mkdir(exist_ok=True)
    report.write_text(
        "".join(f"{what}: peak {kb / 1024:,.0f} MB\n" for what, kb in figures.items()),
        encoding="utf-8",
    )
    assert max(figures.values()) < LIMIT_KB, figures
