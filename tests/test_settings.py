from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from graph_service.settings import Settings


def test_settings_refuse_a_uri_that_is_not_bolt() -> None:
    with pytest.raises(ValidationError, match="NEO4J_URI must start with"):
        Settings(neo4j_uri="http://127.0.0.1:7474", _env_file=None)  # type: ignore[call-arg]


def test_settings_accept_a_cluster_routing_uri() -> None:
    settings = Settings(
        neo4j_uri="neo4j+s://cluster.example:7687",
        neo4j_password="its-own-password",
        _env_file=None,  # type: ignore[call-arg]
    )
    assert settings.neo4j_uri.startswith("neo4j+s://")


def test_local_files_live_in_the_data_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path))
    monkeypatch.setenv("NEO4J_LIB", "/opt/neo4j-jars")
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    assert settings.data_dir == tmp_path
    assert settings.neo4j_home == tmp_path / ".neo4j"  # relative: inside the data folder
    assert settings.state_dir == tmp_path / ".state"
    assert settings.neo4j_lib == Path("/opt/neo4j-jars")  # absolute: as given


def test_the_data_folder_is_the_checkout_when_run_from_one(monkeypatch: pytest.MonkeyPatch) -> None:
    # (Installed from a wheel it is the working directory: tests/test_wheel_install.py.)
    monkeypatch.delenv("DATA_DIR", raising=False)
    checkout = Path(__file__).resolve().parents[1]
    assert Settings(_env_file=None).data_dir == checkout  # type: ignore[call-arg]


def test_the_published_password_is_refused_for_a_neo4j_elsewhere() -> None:
    for password in ("", "quhua-local-dev"):
        with pytest.raises(ValidationError, match="printed in the README is refused"):
            Settings(neo4j_uri="bolt://10.1.2.3:7687", neo4j_password=password, _env_file=None)  # type: ignore[call-arg]


def test_a_new_local_server_gets_a_random_password_an_old_one_keeps_its_own(
    tmp_path: Path,
) -> None:
    def local(home: Path) -> Settings:
        return Settings(
            neo4j_uri="bolt://127.0.0.1:7687",
            neo4j_home=home,
            state_dir=home / "state",
            _env_file=None,  # type: ignore[call-arg]
        )

    fresh = local(tmp_path / "new")
    assert len(fresh.neo4j_password) >= 20 and fresh.neo4j_password != "quhua-local-dev"
    kept = tmp_path / "new" / "state" / "neo4j-password"
    assert kept.stat().st_mode & 0o777 == 0o600
    assert local(tmp_path / "new").neo4j_password == fresh.neo4j_password  # made once
    old = tmp_path / "old"
    (old / "data" / "dbms").mkdir(parents=True)
    (old / "data" / "dbms" / "auth.ini").write_text("made before", encoding="utf-8")
    assert local(old).neo4j_password == "quhua-local-dev"


def test_the_uri_follows_the_local_port_unless_it_is_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("NEO4J_PASSWORD", "a-server-s-own")  # no password file made meanwhile
    monkeypatch.setenv("NEO4J_BOLT_PORT", "7799")
    assert Settings(_env_file=None).neo4j_uri == "neo4j://127.0.0.1:7799"  # type: ignore[call-arg]
    monkeypatch.setenv("NEO4J_URI", "bolt://10.1.2.3:7687")
    assert Settings(_env_file=None).neo4j_uri == "bolt://10.1.2.3:7687"  # type: ignore[call-arg]
    monkeypatch.delenv("NEO4J_BOLT_PORT")
    monkeypatch.delenv("NEO4J_URI")
    assert Settings(_env_file=None).neo4j_uri == "neo4j://127.0.0.1:7687"  # type: ignore[call-arg]
