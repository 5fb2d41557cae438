"""trading-api as `uvicorn trading_api.main:app` on a free port, configured only by the variables the AppHost
injects, for integration tests with the session's throwaway PostgreSQL (the `postgres` fixture) and a Redis."""
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

import httpx

from tradingaspire_common.testing.auth import AUTH_ENVIRONMENT
from tradingaspire_common.testing.servers import free_port, wait_until

APP_DIR = Path(__file__).resolve().parents[1]
MIGRATIONS = APP_DIR.parents[1] / "db" / "migrations"


class TradingApi:
    def __init__(self, pg_port: int, database: str, redis_port: int, redis_password: str, gateway_url: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("ConnectionStrings__", "services__", "OTEL_", "AUTH_", "TRADING_", "REDIS_"))}
        environment.update({
            "PYTHONPATH": f"{APP_DIR}{os.pathsep}{APP_DIR.parent / 'common'}",
            "TRADING_URI": f"postgresql://postgres:unused@127.0.0.1:{pg_port}/{database}",
            "REDIS_URI": f"redis://:{quote(redis_password, safe='-._~')}@127.0.0.1:{redis_port}", "services__gateway__http__0": gateway_url,
            **AUTH_ENVIRONMENT,
        })
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen([sys.executable, "-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", str(self.port)],
                                        cwd=APP_DIR, env=environment, stdout=self.log, stderr=subprocess.STDOUT)
        wait_until(lambda: self._alive() or self.process.poll() is not None, "trading-api answering /alive")
        assert self.process.poll() is None, f"trading-api exited:\n{self.output()}"

    def _alive(self) -> bool:
        try:
            return httpx.get(f"{self.url}/alive").status_code == 200
        except httpx.HTTPError:
            return False

    def output(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)
