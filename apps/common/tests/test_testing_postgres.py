"""The test PostgreSQL's binaries are found as TradingAspire.Hosting's PostgresInstallation finds them: pg_config
--bindir, else the newest <root>/<version>/bin; none is an error naming the install command."""
from pathlib import Path

import pytest

from tradingaspire_common.testing.postgres import postgres_bin_directory


def server_binaries(bin_directory: Path) -> Path:
    bin_directory.mkdir(parents=True)
    (bin_directory / "postgres").write_text("")
    return bin_directory


def pg_config_printing(tmp_path: Path, bindir: Path) -> str:
    script = tmp_path / "pg_config"
    script.write_text(f"#!/bin/sh\necho {bindir}\n")
    script.chmod(0o755)
    return str(script)


def test_pg_config_bindir_wins_when_it_has_the_server(tmp_path):
    chosen = server_binaries(tmp_path / "opt" / "pg" / "bin")
    server_binaries(tmp_path / "lib" / "17" / "bin")

    assert postgres_bin_directory(pg_config_printing(tmp_path, chosen), tmp_path / "lib") == chosen


def test_without_pg_config_the_newest_version_directory_with_the_server_is_taken(tmp_path):
    for version in ("9.6", "13", "15"):
        server_binaries(tmp_path / "lib" / version / "bin")
    (tmp_path / "lib" / "17" / "bin").mkdir(parents=True)  # no server binary: not an installation
    (tmp_path / "lib" / "common").mkdir()

    assert postgres_bin_directory(str(tmp_path / "no-pg_config"), tmp_path / "lib") == tmp_path / "lib" / "15" / "bin"


def test_a_pg_config_naming_a_directory_without_the_server_falls_back_to_the_version_directories(tmp_path):
    server_binaries(tmp_path / "lib" / "15" / "bin")

    assert postgres_bin_directory(pg_config_printing(tmp_path, tmp_path / "empty"), tmp_path / "lib") == tmp_path / "lib" / "15" / "bin"


def test_no_installation_is_an_error_naming_the_install_command(tmp_path):
    with pytest.raises(AssertionError) as error:
        postgres_bin_directory(str(tmp_path / "no-pg_config"), tmp_path / "lib")

    assert str(error.value) == (f"PostgreSQL is not installed: no pg_config on PATH and no {tmp_path / 'lib'}/<version>/bin/postgres. "
                                "Install it: apt-get install -y postgresql")
