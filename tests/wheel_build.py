"""The wheel of the checkout, built and installed into a fresh virtualenv in the background when
the session begins (about 20 s of pip, mostly waiting on subprocesses), and waited for by
tests/test_wheel_install.py."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_pool: ThreadPoolExecutor | None = None
_built: Future[tuple[Path, str]] | None = None


def build_wheel(folder: Path) -> Path:
    """The wheel of the checkout's package, built in `folder` (never in the checkout, where
    setuptools would leave build/ and could pick up stale files from an earlier build)."""
    source = folder / "source"
    source.mkdir()
    shutil.copy(REPO / "pyproject.toml", source)
    shutil.copytree(
        REPO / "graph_service",
        source / "graph_service",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", folder / "dist", source], check=True)
    [wheel] = (folder / "dist").glob("graph_service-*.whl")
    return wheel


def install(wheel: Path, folder: Path) -> Path:
    """A fresh virtualenv in `folder` with `wheel` and its dependencies; its bin folder.
    The virtualenv gets no pip of its own: this interpreter's pip installs into it."""
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", folder], check=True)
    python = folder / "bin" / "python"
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "--python", python]
    subprocess.run([*pip, "install", "--no-compile", wheel], check=True)
    return folder / "bin"


def _build_and_install(folder: Path) -> tuple[Path, str]:
    started = time.monotonic()
    wheel = build_wheel(folder)
    built = time.monotonic()
    bin_dir = install(wheel, folder / "venv")
    timing = (
        f"wheel built in {built - started:.1f} s, installed in {time.monotonic() - built:.1f} s"
    )
    return bin_dir, timing


def start() -> None:
    """Begin building and installing (once per session), in a temporary folder outside the
    checkout."""
    global _pool, _built
    if _built is None:
        folder = Path(tempfile.mkdtemp(prefix="wheel-"))
        _pool = ThreadPoolExecutor(1, thread_name_prefix="wheel-build")
        _built = _pool.submit(_build_and_install, folder)


def installed() -> tuple[Path, str]:
    """The installed virtualenv's bin folder and how long building and installing took
    (started now if the session did not start it)."""
    start()
    assert _built is not None
    return _built.result(timeout=900)


def stop() -> None:
    if _pool is not None:
        _pool.shutdown(wait=True)
