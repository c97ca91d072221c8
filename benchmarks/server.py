"""The benchmarks' own Neo4j: its own home (inside benchmarks/) and port, never the tests' or
`make run`'s. Sized per scale: the city needs a bigger heap and page cache than the sample.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from graph_service.db.local_server import ADMIN_TOOL, LocalServer, ensure_jars, find_java
from graph_service.db.runner import Runner
from graph_service.settings import Settings

HERE = Path(__file__).resolve().parent
PASSWORD = "bench-password"
MEMORY = {  # scale -> (heap, page cache); the machine has 24 GiB shared with other servers
    "street": ("1g", "512m"),
    "district": ("2g", "1g"),
    "city": ("4g", "2g"),
    "beyond-city": ("8g", "4g"),  # more households than the city preset (--households)
}


@dataclass
class BenchServer:
    """A LocalServer in benchmarks/.neo4j-bench-<port>, with a way to start from an empty store."""

    port: int
    scale: str
    home_dir: Path | None = None

    def __post_init__(self) -> None:
        self.home = self.home_dir or HERE / f".neo4j-bench-{self.port}"
        self.server = LocalServer.from_settings(self.settings())

    @property
    def uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    def settings(self) -> Settings:
        heap, pagecache = MEMORY.get(self.scale, MEMORY["city"])
        return Settings(
            neo4j_uri=self.uri,
            neo4j_password=PASSWORD,
            neo4j_bolt_port=self.port,
            neo4j_home=self.home,
            neo4j_heap=heap,
            neo4j_pagecache=pagecache,
            query_timeout_s=1_800,
            load_sample=False,
        )

    def runner(self) -> Runner:
        return Runner.from_settings(self.settings())

    def start(self) -> None:
        self.server.start(wait_s=300)

    def stop(self) -> None:
        self.server.stop(wait_s=120)

    def empty_store(self) -> None:
        """Stop and delete the database's files: quicker than deleting millions of nodes."""
        self.stop()
        for sub in ("databases", "transactions"):
            shutil.rmtree(self.home / "data" / sub / "neo4j", ignore_errors=True)

    def admin_import(self, arguments: list[str]) -> float:
        """Run `neo4j-admin database import full` into the stopped server's home; seconds."""
        self.empty_store()
        ensure_jars(self.server.lib_dir)  # on a fresh machine the server has never started yet
        self.server._write_conf()  # the import reads the server's neo4j.conf
        argv = [
            str(find_java()),
            "-Xmx2g",
            "-cp",
            f"{self.server.lib_dir}/*",
            ADMIN_TOOL,
            "database",
            "import",
            "full",
            "neo4j",  # before the file lists, which take every following argument
            "--overwrite-destination=true",
            "--skip-duplicate-nodes=false",
            "--threads=2",
            f"--report-file={self.home / 'logs' / 'import.report'}",
            *arguments,
        ]
        env = self.server._admin_env()
        start = time.perf_counter()
        result = subprocess.run(argv, env=env, capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            output = result.stdout[-2000:] + result.stderr[-2000:]
            raise RuntimeError(f"neo4j-admin import failed:\n{output}")
        return seconds
