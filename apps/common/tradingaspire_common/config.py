"""The one place the Python services read their connection settings from, as Aspire's AppHost injects them.

Variables read (first found wins):

| setting | variables | form |
|---|---|---|
| PostgreSQL | `ConnectionStrings__trading`, else `DATABASE_URL` | `Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=trading` (Npgsql keywords, case-insensitive, quoting as ADO.NET); `DATABASE_URL` is `postgresql://user:password@host:port/db` |
| Redis | `ConnectionStrings__redis`, else `REDIS_URL` | `127.0.0.1:6379,password=secret[,ssl=true]` (StackExchange.Redis); `REDIS_URL` is `redis://:password@host:port` |
| a referenced service `x` | `services__x__http__0`, else `X_HTTP` (`-` becomes `_`) | `http://127.0.0.1:3000` |

`ConnectionStrings__*` and `services__*` are what `WithReference(...)` in the AppHost sets; DATABASE_URL/REDIS_URL are
fallbacks for running an app by hand. A missing or malformed value raises ConfigError naming the variable, the
expected form and an example (passwords are never shown); `exit_on_config_error` prints it and exits 2.
"""
import os
import sys
from collections.abc import Mapping
from urllib.parse import urlparse

from .database_settings import NPGSQL_FORM, DatabaseSettings, parse_database_url, parse_npgsql_connection_string
from .errors import ConfigError
from .redis_settings import STACKEXCHANGE_FORM, RedisSettings, parse_redis_connection_string, parse_redis_url

__all__ = ["ConfigError", "DatabaseSettings", "RedisSettings", "load_database", "load_redis", "service_url",
           "exit_on_config_error", "parse_database_url", "parse_redis_url"]


def load_database(environ: Mapping[str, str] = os.environ, name: str = "trading") -> DatabaseSettings:
    """PostgreSQL settings from ConnectionStrings__{name}, else DATABASE_URL. Raises ConfigError."""
    variable = f"ConnectionStrings__{name}"
    if environ.get(variable):
        return parse_npgsql_connection_string(environ[variable], variable)
    if environ.get("DATABASE_URL"):
        return parse_database_url(environ["DATABASE_URL"])
    raise ConfigError(f"{variable} is not set. Expected: {NPGSQL_FORM}. The AppHost sets it through WithReference(db); "
                      f"to run the app by hand, set it (or DATABASE_URL=postgresql://user:password@host:port/database).")


def load_redis(environ: Mapping[str, str] = os.environ, name: str = "redis") -> RedisSettings:
    """Redis settings from ConnectionStrings__{name}, else REDIS_URL. Raises ConfigError."""
    variable = f"ConnectionStrings__{name}"
    if environ.get(variable):
        return parse_redis_connection_string(environ[variable], variable)
    if environ.get("REDIS_URL"):
        return parse_redis_url(environ["REDIS_URL"])
    raise ConfigError(f"{variable} is not set. Expected: {STACKEXCHANGE_FORM}. The AppHost sets it through WithReference(redis); "
                      f"to run the app by hand, set it (or REDIS_URL=redis://:password@host:port).")


def service_url(resource: str, environ: Mapping[str, str] = os.environ) -> str:
    """The base URL (no trailing /) of a referenced service: services__{resource}__http__0, else {RESOURCE}_HTTP."""
    names = [f"services__{resource}__http__0", f"{resource.upper().replace('-', '_')}_HTTP"]
    for name in names:
        value = environ.get(name)
        if value:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ConfigError(f"Invalid {name}. Expected: http://host:port (example: http://127.0.0.1:3000). Got: '{value}'")
            return value.rstrip("/")
    raise ConfigError(f"The URL of '{resource}' is not set. Expected {names[0]} or {names[1]} = http://host:port "
                      f"(example: http://127.0.0.1:3000); the AppHost sets them through WithReference({resource}).")


def exit_on_config_error(error: ConfigError) -> None:
    """Prints 'configuration error: <message>' on stderr and exits with code 2 (the convention for bad configuration)."""
    print(f"configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(2)
