"""trading-api reads Aspire's variables and refuses to start (exit 2, a clear message) when one is missing or bad."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tradingaspire_common.testing.auth import AUTH_ENVIRONMENT
from trading_api.auth_settings import load_auth

APP_DIR = Path(__file__).resolve().parents[1]
GOOD = {"TRADING_URI": "postgresql://postgres:pw-xyz@127.0.0.1:5432/trading",
        "REDIS_URI": "redis://:pw-xyz@127.0.0.1:6379", "services__gateway__http__0": "http://127.0.0.1:3000",
        **AUTH_ENVIRONMENT}


def import_main(env: dict) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ConnectionStrings__", "services__", "OTEL_", "AUTH_", "TRADING_", "REDIS_"))
            and k not in ("DATABASE_URL", "REDIS_URL", "GATEWAY_HTTP")}
    base["PYTHONPATH"] = f"{APP_DIR}{os.pathsep}{APP_DIR.parent / 'common'}"
    return subprocess.run([sys.executable, "-c", "import trading_api.main"], cwd=APP_DIR, env={**base, **env},
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("env, message", [
    ({k: v for k, v in GOOD.items() if k != "TRADING_URI"}, "configuration error: TRADING_URI is not set"),
    ({**GOOD, "TRADING_URI": "Host=h;Password=pw-xyz"}, "Invalid TRADING_URI: '<not a URI>...' is not postgresql:// or postgres:// with a host."),
    ({**GOOD, "REDIS_URI": "redis://:pw-xyz@h:port"}, "Invalid REDIS_URI: the port is not a number from 0 to 65535."),
    ({k: v for k, v in GOOD.items() if k != "services__gateway__http__0"}, "services__gateway__http__0 or GATEWAY_HTTP"),
    ({k: v for k, v in GOOD.items() if k != "AUTH_SIGNING_KEY"}, "configuration error: AUTH_SIGNING_KEY is not set. The AppHost sets it from its parameter 'auth-signing-key'"),
    ({**GOOD, "AUTH_SIGNING_KEY": "pw-xyz-short"}, "configuration error: AUTH_SIGNING_KEY must be at least 32 characters (HS256 needs a key of 256 bits or more); it has 12."),
    ({k: v for k, v in GOOD.items() if k != "AUTH_TRADER_PASSWORD"}, "configuration error: AUTH_TRADER_PASSWORD is not set."),
    ({k: v for k, v in GOOD.items() if k != "AUTH_STRATEGY_CLIENT_SECRET"}, "configuration error: AUTH_STRATEGY_CLIENT_SECRET is not set."),
    ({**GOOD, "AUTH_TOKEN_MINUTES": "0"}, "configuration error: Invalid AUTH_TOKEN_MINUTES = '0'. Expected: a whole number from 1 to 1440 (example: AUTH_TOKEN_MINUTES=60)."),
    ({**GOOD, "AUTH_TOKEN_SECONDS": "9"}, "configuration error: Invalid AUTH_TOKEN_SECONDS = '9'. Expected: a whole number from 10 to 86400 (example: AUTH_TOKEN_SECONDS=30)."),
])
def test_bad_configuration_exits_2_naming_the_variable_without_the_password(env, message):
    result = import_main(env)
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and "example:" in result.stderr and "pw-xyz" not in result.stderr


def test_aspire_variables_are_enough_to_build_the_app():
    result = import_main(GOOD)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("env, seconds", [({}, 3600), ({"AUTH_TOKEN_MINUTES": "2"}, 120), ({"AUTH_TOKEN_SECONDS": "30"}, 30),
                                          ({"AUTH_TOKEN_SECONDS": "30", "AUTH_TOKEN_MINUTES": "1"}, 30)])
def test_the_token_lifetime_is_given_in_minutes_or_for_one_under_a_minute_in_seconds(env, seconds):
    assert load_auth({**AUTH_ENVIRONMENT, **env}).token_lifetime_seconds == seconds
