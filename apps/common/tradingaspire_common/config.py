"""Validation of the connection settings the AppHost injects, with messages that say how to fix them."""
import os
import sys
from dataclasses import dataclass
from urllib.parse import unquote, urlparse


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names it, the expected form and an example."""


@dataclass(frozen=True)
class DatabaseSettings:
    user: str
    password: str
    host: str
    port: int
    database: str

    def dsn(self) -> str:
        return f"postgresql://{self.user}:{self.password}@{self.host}:{self.port}/{self.database}"


@dataclass(frozen=True)
class RedisSettings:
    host: str
    port: int
    password: str | None

    def url(self) -> str:
        auth = f":{self.password}@" if self.password else ""
        return f"redis://{auth}{self.host}:{self.port}"


def _port(parsed, name: str, value: str, expected: str) -> int:
    try:
        port = parsed.port
    except ValueError:
        port = None
    if port is None or not 1 <= port <= 65535:
        raise ConfigError(f"Invalid {name} port. Expected: {expected}. Got: '{_mask(value)}'")
    return port


def _mask(url: str) -> str:
    """Hides the password of a URL so configuration errors never print secrets."""
    parsed = urlparse(url)
    if parsed.password:
        return url.replace(f":{parsed.password}@", ":****@")
    return url


def parse_database_url(value: str | None) -> DatabaseSettings:
    expected = "postgresql://user:password@host:port/database (example: postgresql://postgres:secret@127.0.0.1:5432/trading)"
    if not value:
        raise ConfigError(f"DATABASE_URL is not set. Expected: {expected}. The AppHost injects it through WithReference(db).")
    parsed = urlparse(value)
    if parsed.scheme not in ("postgresql", "postgres") or not parsed.hostname or not parsed.path.strip("/") or parsed.username is None:
        raise ConfigError(f"Invalid DATABASE_URL format. Expected: {expected}. Got: '{_mask(value)}'")
    return DatabaseSettings(
        user=unquote(parsed.username),
        password=unquote(parsed.password or ""),
        host=parsed.hostname,
        port=_port(parsed, "DATABASE_URL", value, expected),
        database=parsed.path.strip("/"),
    )


def parse_redis_url(value: str | None) -> RedisSettings:
    expected = "redis://:password@host:port (example: redis://:secret@127.0.0.1:6379)"
    if not value:
        raise ConfigError(f"REDIS_URL is not set. Expected: {expected}. The AppHost injects it through WithReference(redis).")
    parsed = urlparse(value)
    if parsed.scheme != "redis" or not parsed.hostname:
        raise ConfigError(f"Invalid REDIS_URL format. Expected: {expected}. Got: '{_mask(value)}'")
    return RedisSettings(parsed.hostname, _port(parsed, "REDIS_URL", value, expected), unquote(parsed.password) if parsed.password else None)


def service_url(resource: str, environ=os.environ) -> str:
    """The URL of a referenced service: services__{name}__http__0, else {NAME}_HTTP (as the AppHost injects)."""
    names = [f"services__{resource}__http__0", f"{resource.upper().replace('-', '_')}_HTTP"]
    for name in names:
        value = environ.get(name)
        if value:
            parsed = urlparse(value)
            if parsed.scheme not in ("http", "https") or not parsed.hostname:
                raise ConfigError(f"Invalid {name}. Expected: http://host:port (example: http://127.0.0.1:3000). Got: '{value}'")
            return value.rstrip("/")
    raise ConfigError(f"The URL of '{resource}' is not set. Expected {names[0]} or {names[1]} (example: http://127.0.0.1:3000); "
                      f"the AppHost injects it through WithReference({resource}).")


def exit_on_config_error(error: ConfigError) -> None:
    """Prints the message and exits with code 2, the convention for bad configuration."""
    print(f"configuration error: {error}", file=sys.stderr, flush=True)
    sys.exit(2)
