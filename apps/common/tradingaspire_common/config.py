"""The one place the Python services read their connection settings from, as Aspire's AppHost injects them.

Variables read (first found wins):

| setting | variables | form |
|---|---|---|
| PostgreSQL | `TRADING_URI`, else `DATABASE_URL` | `postgresql://user:password@host:port/database`, user, password and database percent-encoded |
| Redis | `REDIS_URI`, else `REDIS_URL` | `redis://:password@host:port` (or `rediss://`), password percent-encoded |
| a referenced service `x` | `services__x__http__0`, else `X_HTTP` (`-` becomes `_`) | `http://127.0.0.1:3000` |

`{NAME}_URI` is the `Uri` connection property that `WithReference(trading)` / `WithReference(redis)` in the AppHost
injects (Aspire 13's connection properties, next to `{NAME}_HOST`, `_PORT`, `_USERNAME`, `_PASSWORD` and the .NET
clients' `ConnectionStrings__{name}`); asyncpg and redis-py take it as it is, so any password arrives exactly.
DATABASE_URL/REDIS_URL are fallbacks for running an app by hand. A missing or malformed value raises ConfigError naming
the variable, the expected form and an example (passwords are never shown); `exit_on_config_error` prints it and exits 2.
"""
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import SplitResult, unquote, urlsplit

from .errors import ConfigError

__all__ = ["ConfigError", "ConnectionUri", "database_uri", "redis_uri", "service_url", "exit_on_config_error",
           "connection_property"]

POSTGRES_FORM = "postgresql://user:password@host:port/database (example: postgresql://postgres:s%40cret@127.0.0.1:5432/trading)"
REDIS_FORM = "redis://:password@host:port (example: redis://:s%40cret@127.0.0.1:6379)"


@dataclass(frozen=True)
class ConnectionUri:
    """A connection URI as injected (`uri`, handed to asyncpg / redis-py unchanged) and the variable it came from.

    `host`, `port` and `database` are read back with urllib for spans and logs; `describe()` has no credentials."""
    variable: str
    uri: str

    @property
    def _parts(self) -> SplitResult:
        return urlsplit(self.uri)

    @property
    def host(self) -> str:
        """Host name or IP address (brackets of an IPv6 address removed)."""
        return self._parts.hostname or ""

    @property
    def port(self) -> int:
        """TCP port; 5432 / 6379 when the URI names none."""
        return self._parts.port or (6379 if self._parts.scheme.startswith("redis") else 5432)

    @property
    def database(self) -> str:
        """The path's database name, percent-decoded ('' when none)."""
        return unquote(self._parts.path.lstrip("/"))

    def describe(self) -> str:
        """host:port[/database], for logs (no credentials)."""
        return f"{self.host}:{self.port}" + (f"/{self.database}" if self.database else "")


def connection_property(resource: str, key: str) -> str:
    """The variable Aspire injects for connection property `key` of `resource`: `{RESOURCE}_{KEY}`, upper case, `-` as `_`."""
    return f"{resource}_{key}".upper().replace("-", "_")


def _read_uri(environ: Mapping[str, str], resource: str, fallback: str, schemes: tuple[str, ...], form: str) -> ConnectionUri:
    primary = connection_property(resource, "uri")
    variable = next((name for name in (primary, fallback) if environ.get(name)), None)
    if variable is None:
        raise ConfigError(f"{primary} is not set. Expected: {form}. The AppHost sets it through WithReference({resource}); "
                          f"to run the app by hand, set it or {fallback}.")
    value = ConnectionUri(variable, environ[variable])
    parts = value._parts
    try:
        parts.port
    except ValueError:
        raise ConfigError(f"Invalid {variable}: the port is not a number from 0 to 65535. Expected: {form}.") from None
    if parts.scheme not in schemes or not parts.hostname:
        shown = f"{parts.scheme}://{parts.hostname or ''}" if parts.scheme else "<not a URI>"
        raise ConfigError(f"Invalid {variable}: '{shown}...' is not {' or '.join(s + '://' for s in schemes)} with a host. "
                          f"Expected: {form}; percent-encode the user and password (e.g. @ as %40).")
    return value


def database_uri(environ: Mapping[str, str] = os.environ, resource: str = "trading") -> ConnectionUri:
    """The PostgreSQL URI from `{RESOURCE}_URI` (Aspire's Uri connection property), else DATABASE_URL; for
    `asyncpg.create_pool(dsn=...)`. Raises ConfigError when missing or not a postgresql:// URI with a host and a database."""
    value = _read_uri(environ, resource, "DATABASE_URL", ("postgresql", "postgres"), POSTGRES_FORM)
    if not value.database:
        raise ConfigError(f"Invalid {value.variable}: no database after host:port. Expected: {POSTGRES_FORM}.")
    return value


def redis_uri(environ: Mapping[str, str] = os.environ, resource: str = "redis") -> ConnectionUri:
    """The Redis URI from `{RESOURCE}_URI` (Aspire's Uri connection property), else REDIS_URL; for
    `redis.asyncio.Redis.from_url`. Raises ConfigError when missing or not a redis:// / rediss:// URI with a host."""
    return _read_uri(environ, resource, "REDIS_URL", ("redis", "rediss"), REDIS_FORM)


def service_url(resource: str, environ: Mapping[str, str] = os.environ) -> str:
    """The base URL (no trailing /) of a referenced service: services__{resource}__http__0, else {RESOURCE}_HTTP."""
    names = [f"services__{resource}__http__0", f"{resource.upper().replace('-', '_')}_HTTP"]
    for name in names:
        value = environ.get(name)
        if value:
            parsed = urlsplit(value)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ConfigError(f"Invalid {name}. Expected: http://host:port (example: http://127.0.0.1:3000). Got: '{value}'")
            return value.rstrip("/")
    raise ConfigError(f"The URL of '{resource}' is not set. Expected {names[0]} or {names[1]} = http://host:port "
                      f"(example: http://127.0.0.1:3000); the AppHost sets them through WithReference({resource}).")


def exit_on_config_error(error: ConfigError) -> None:
    """Prints 'configuration error: <message>' on stderr and exits with code 2 (the convention for bad configuration)."""
    print(f"configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(2)
