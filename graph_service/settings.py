"""The one settings object: every knob the service reads from the environment (or `.env`)."""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

from pydantic import Field, ValidationInfo, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_DIR = Path(__file__).resolve().parent
PUBLISHED_PASSWORD = "quhua-local-dev"
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
BOLT_SCHEMES = {"bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc"}


def checkout() -> Path | None:
    """The source checkout the package runs from, or None when it is installed (a wheel)."""
    root = PACKAGE_DIR.parent
    return root if (root / "pyproject.toml").is_file() else None


class Settings(BaseSettings):
    """Configuration, read from environment variables (or a `.env` file in the working directory).

    Defaults point at the local server that `make run` starts.
    """

    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    neo4j_uri: str = Field(
        "neo4j://127.0.0.1:7687",
        description="Bolt endpoint: bolt:// for one server, neo4j:// for routing (a cluster). "
        "Unset, it follows NEO4J_BOLT_PORT: neo4j://127.0.0.1:<NEO4J_BOLT_PORT>.",
    )
    neo4j_user: str = Field("neo4j", description="Neo4j user name.")
    neo4j_password: str = Field(
        "",
        description="Neo4j password. Empty: the local server's own, made at random at first run "
        "and kept in STATE_DIR/neo4j-password (a server created before keeps the README's).",
    )
    neo4j_database: str = Field("neo4j", description="Database every query is sent to.")
    neo4j_bolt_port: int = Field(
        7687, ge=1, le=65535, description="Port the local server (make run) listens on for Bolt."
    )
    data_dir: Path = Field(
        default_factory=lambda: checkout() or Path.cwd(),
        description="Folder of the service's local files (the local server, its jars, the "
        "generated sample): the checkout when run from one, else the working directory.",
    )
    neo4j_home: Path = Field(
        Path(".neo4j"),
        validate_default=True,
        description="Folder of the local server: config, data and logs (kept across restarts); "
        "relative to DATA_DIR.",
    )
    neo4j_lib: Path = Field(
        Path(".neo4j-lib"),
        validate_default=True,
        description="Neo4j's jars, fetched from Maven Central once; relative to DATA_DIR.",
    )
    notebook_pages: Path = Field(
        Path("notebook-pages"),
        validate_default=True,
        description="Folder of the analyst notebooks' static pages, which `make notebooks-html` "
        "writes and the service serves at /notebooks/; relative to DATA_DIR.",
    )
    neo4j_heap: str = Field("768m", description="Local server's JVM heap (small for a 2-core box).")
    neo4j_pagecache: str = Field("512m", description="Local server's page cache.")
    query_timeout_s: float = Field(
        30.0, gt=0, description="Longest a single query may run before Neo4j stops it."
    )
    result_cache_s: float = Field(
        300.0,
        ge=0,
        description="How long an analysis answer may be reused while the graph's counts stay "
        "the same (imports and applied plans through the API clear it at once); 0 turns the "
        "cache off.",
    )
    state_dir: Path = Field(
        Path(".state"),
        validate_default=True,
        description="Folder of the service's own state (accounts, sessions, API tokens, the "
        "audit trail): never part of the graph; back it up with the database; relative to "
        "DATA_DIR.",
    )
    access_control: bool = Field(
        True,
        description="Ask every request who it is and check its role. Off only for the "
        "benchmark's side-by-side run: then anyone may do anything.",
    )
    allowed_hosts: list[str] = Field(
        ["127.0.0.1", "localhost", "::1"],
        description="Host names the service answers to (a request naming another host is "
        'refused, against DNS rebinding), as JSON: ["quhua.example.gov.cn"]; "*" allows any.',
    )
    cors_origins: list[str] = Field(
        [],
        description="Other web origins whose pages may call the API with a token (CORS), as "
        'JSON: ["https://dashboard.example.gov.cn"]. None by default.',
    )
    sign_ins_per_minute: int = Field(
        10, ge=1, description="Sign-in attempts one client address may make per minute."
    )
    person_reads_per_minute: int = Field(
        120,
        ge=1,
        description="Person records (GET /api/v1/nodes/Person/…) one account may read per "
        "minute: enough to work, too few to harvest the roster.",
    )
    keep_answers: bool = Field(
        True,
        description="Compute every analysis with its default parameters in the background "
        "after each change of the graph (and before the answers reach RESULT_CACHE_S), so the "
        "first request after an import is answered from the cache; off: computed on request.",
    )
    max_upload_mb: float = Field(
        24.0,
        gt=0,
        description="Largest roster an upload may carry, in MB: the request body and the text "
        "its archive decompresses to alike (the API holds a roster's rows in memory, about 20 "
        "times its size; larger rosters go through `graph-service import` on the server).",
    )
    max_upload_rows: int = Field(
        500_000,
        gt=0,
        description="Most data rows (over all tables) an upload may carry: memory grows with "
        "rows (the street sample has about 36,000, a district about 200,000).",
    )
    load_sample: bool = Field(
        True, description="Load the Quhua sample network on `make run` when the database is empty."
    )
    sample_months: int = Field(
        6,
        ge=1,
        le=36,
        description="Months of history `make run` loads with the sample (one roster per month "
        "end, the last one the sample network), so trends, diffs and the ledger have a past.",
    )

    @field_validator("data_dir")
    @classmethod
    def _absolute(cls, folder: Path) -> Path:
        return folder.expanduser().resolve()

    @field_validator("neo4j_home", "neo4j_lib", "state_dir", "notebook_pages")
    @classmethod
    def _in_data_dir(cls, folder: Path, info: ValidationInfo) -> Path:
        return info.data["data_dir"] / folder.expanduser()

    @model_validator(mode="after")
    def _uri_follows_the_local_port(self) -> Settings:
        """Setting only NEO4J_BOLT_PORT starts the local server there: talk to it there too."""
        if "neo4j_uri" not in self.model_fields_set:
            self.neo4j_uri = f"neo4j://127.0.0.1:{self.neo4j_bolt_port}"
        return self

    @model_validator(mode="after")
    def _neo4j_password(self) -> Settings:
        host = urlparse(self.neo4j_uri).hostname or ""
        if host not in LOOPBACK and self.neo4j_password in ("", PUBLISHED_PASSWORD):
            raise ValueError(
                f"Neo4j at {host} is not on this machine: give that server a password of its "
                "own and set NEO4J_PASSWORD (the one printed in the README is refused)"
            )
        if not self.neo4j_password:
            self.neo4j_password = local_password(self.state_dir, self.neo4j_home)
        return self

    @field_validator("neo4j_uri")
    @classmethod
    def _bolt_uri(cls, uri: str) -> str:
        scheme = urlparse(uri).scheme
        if scheme not in BOLT_SCHEMES:
            raise ValueError(
                f"NEO4J_URI must start with one of {sorted(BOLT_SCHEMES)}, got {uri!r}"
            )
        return uri


def local_password(state_dir: Path, neo4j_home: Path) -> str:
    """The local server's password: the one kept in `state_dir`, or, for a server created
    before there was one, the README's (it keeps working), or a new random one (kept 0600)."""
    kept = state_dir / "neo4j-password"
    if kept.exists():
        return kept.read_text(encoding="ascii").strip()
    if (neo4j_home / "data" / "dbms" / "auth.ini").exists():
        return PUBLISHED_PASSWORD
    state_dir.mkdir(parents=True, exist_ok=True)
    password = secrets.token_urlsafe(18)
    kept.touch(mode=0o600)
    kept.chmod(0o600)
    kept.write_text(password, encoding="ascii")
    return password


@lru_cache
def get_settings() -> Settings:
    return Settings()
