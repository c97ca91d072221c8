"""The API under concurrent load: `wrk` (Debian's package) in its own process, 32 connections,
loopback only, for a fixed time. Requests per second and the 99th percentile latency.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from typing import Any

CONNECTIONS = 32
_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()  # type: ignore[union-attr]
    return float(number) * _UNITS[unit]


def parse_wrk(output: str) -> dict[str, Any]:
    """Requests/s, p50 and p99 (ms), requests and errors from wrk's `--latency` output."""
    found: dict[str, Any] = {}
    for percent, key in (("50", "p50_ms"), ("99", "p99_ms")):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+(?:us|ms|s))\s*$", output, re.M)
        found[key] = _ms(match.group(1)) if match else None
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    found["requests_per_s"] = float(match.group(1)) if match else None
    match = re.search(r"(\d+) requests in", output)
    found["requests"] = int(match.group(1)) if match else None
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    found["errors"] = (int(errors.group(1)) if errors else 0) + (
        sum(int(g) for g in socket.groups()) if socket else 0
    )
    return found


def hammer(url: str, seconds: int, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """wrk at 32 connections (2 threads) on `url` for `seconds`, sending `headers`; None
    figures if wrk is missing."""
    wrk = shutil.which("wrk")
    if wrk is None:
        return {"requests_per_s": None, "p99_ms": None, "note": "wrk is not installed"}
    sent = [part for name, value in (headers or {}).items() for part in ("-H", f"{name}: {value}")]
    result = subprocess.run(
        [
            wrk,
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{seconds}s",
            "--latency",
            "--timeout",
            "10s",
            *sent,
            url,
        ],
        capture_output=True,
        text=True,
        timeout=seconds + 60,
    )
    found = parse_wrk(result.stdout)
    found["connections"] = CONNECTIONS
    found["seconds"] = seconds
    return found
