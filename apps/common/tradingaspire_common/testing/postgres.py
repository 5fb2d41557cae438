"""A throwaway PostgreSQL for the services' tests, found as TradingAspire.Hosting finds it (its PostgresInstallation):
`pg_config --bindir`, else the newest /usr/lib/postgresql/<version>/bin. initdb in a temporary directory, a free port
of 127.0.0.1, trust authentication (or scram-sha-256 with a superuser password), fsync off; as root, initdb and the server run as the `postgres` user (setpriv:
PostgreSQL refuses root). One server per pytest session (the `postgres` fixture of
tradingaspire_common.testing.fixtures); each test module makes its own database (`create_database`)."""
import os
import re
import shutil
import signal
import subprocess
import tempfile
import uuid
from pathlib import Path

from tradingaspire_common.testing.servers import free_port, wait_until

USER = "postgres"
DEBIAN_INSTALL_COMMAND = "apt-get install -y postgresql"
_AS_POSTGRES = ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups"]


def postgres_bin_directory(pg_config: str = "pg_config", installations: Path = Path("/usr/lib/postgresql")) -> Path:
    """The directory holding `postgres`, `initdb` and `psql`: `pg_config --bindir` when pg_config is on PATH and that
    directory has `postgres`, else the newest `<installations>/<version>/bin` that has it. AssertionError naming the
    install command when there is none."""
    try:
        found = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True)
        if found.returncode == 0 and (Path(found.stdout.strip()) / "postgres").is_file():
            return Path(found.stdout.strip())
    except FileNotFoundError:
        pass  # pg_config is not on PATH
    versions = [d for d in installations.glob("*") if re.fullmatch(r"\d+(\.\d+)?", d.name) and (d / "bin" / "postgres").is_file()]
    if not versions:
        raise AssertionError(f"PostgreSQL is not installed: no pg_config on PATH and no {installations}/<version>/bin/postgres. "
                             f"Install it: {DEBIAN_INSTALL_COMMAND}")
    return max(versions, key=lambda d: float(d.name)) / "bin"


class PostgresServer:
    """A running throwaway server: `port`, `create_database()`, `dsn()`, `stop()`."""

    def __init__(self, bin_directory: Path | None = None, password: str | None = None):
        """`password`: None for trust authentication; else the superuser's password, and every login must give its
        role's password (scram-sha-256, as the AppHost's PostgreSQL). Any characters (initdb reads it from a file)."""
        self._bin = bin_directory or postgres_bin_directory()
        self._password = password
        self._root = Path(tempfile.mkdtemp(prefix="test-pg-"))
        self._prefix: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self._root, "postgres", "postgres")
            self._prefix = _AS_POSTGRES
        self.port = free_port()
        self._server: subprocess.Popen | None = None
        try:
            auth = ["--auth=trust"]
            if password is not None:
                password_file = self._root / "pwfile"
                password_file.write_text(password + "\n")
                if self._prefix:
                    shutil.chown(password_file, "postgres", "postgres")
                auth = ["--auth=scram-sha-256", f"--pwfile={password_file}"]
            subprocess.run([*self._prefix, str(self._bin / "initdb"), "-D", str(self._root / "data"), "-U", USER, *auth, "--no-sync",
                            "-E", "UTF8", "--locale=C.UTF-8"], check=True, capture_output=True)
            self._server = subprocess.Popen([*self._prefix, str(self._bin / "postgres"), "-D", str(self._root / "data"), "-p", str(self.port),
                                             "-c", "listen_addresses=127.0.0.1", "-c", f"unix_socket_directories={self._root}", "-c", "fsync=off"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_until(lambda: self._server.poll() is not None or self._psql("postgres", "-c", "SELECT 1", check=False).returncode == 0,
                       f"PostgreSQL on 127.0.0.1:{self.port}")
            assert self._server.poll() is None, f"PostgreSQL exited with code {self._server.returncode} before accepting connections"
        except BaseException:
            self.stop()
            raise

    def create_database(self, migrations: Path | None = None, name: str | None = None) -> str:
        """Creates an empty database named `name` (default: a unique `t_` and 32 hex digits), applies
        `migrations`/*.sql to it in file name order (psql, ON_ERROR_STOP) and returns its name."""
        name = name or f"t_{uuid.uuid4().hex}"
        self._psql("postgres", "-c", f'CREATE DATABASE "{name}"')
        for script in sorted(migrations.glob("*.sql")) if migrations else []:
            self._psql(name, "-f", str(script))
        return name

    def dsn(self, database: str) -> str:
        """The libpq URI of `database` (asyncpg takes it): postgresql://postgres@127.0.0.1:<port>/<database>."""
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{database}"

    def stop(self) -> None:
        """Fast shutdown (SIGINT), then the temporary directory is removed."""
        if self._server is not None and self._server.poll() is None:
            self._server.send_signal(signal.SIGINT)
            self._server.wait(timeout=30)
        shutil.rmtree(self._root, ignore_errors=True)

    def _psql(self, database: str, *arguments: str, check: bool = True) -> subprocess.CompletedProcess:
        command = [str(self._bin / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", USER, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", *arguments]
        environment = {**os.environ, "PGPASSWORD": self._password} if self._password is not None else None
        result = subprocess.run(command, capture_output=True, text=True, env=environment)
        if check and result.returncode != 0:
            raise AssertionError(f"{' '.join(command)} exited {result.returncode}: {result.stderr}")
        return result
