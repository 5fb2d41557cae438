"""Redis connection settings, from Aspire's `ConnectionStrings__{name}` (StackExchange.Redis form) or a redis:// URL
(the by-hand fallback REDIS_URL)."""
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlparse

from .errors import ConfigError

STACKEXCHANGE_FORM = "host:port,password=password[,ssl=true|false] (example: 127.0.0.1:6379,password=secret)"
URL_FORM = "redis://:password@host:port (example: redis://:secret@127.0.0.1:6379)"


@dataclass(frozen=True)
class RedisSettings:
    """Host name or IP, TCP port, password (None when none), user (ACL user, None for the default), TLS on/off."""
    host: str
    port: int
    password: str | None
    username: str | None = None
    ssl: bool = False

    def url(self) -> str:
        """redis:// (or rediss:// with ssl) URL for redis.asyncio.from_url; credentials percent-encoded."""
        auth = ""
        if self.password:
            auth = f"{quote(self.username or '', safe='')}:{quote(self.password, safe='')}@"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{'rediss' if self.ssl else 'redis'}://{auth}{host}:{self.port}"

    def describe(self) -> str:
        """host:port, for logs (no credentials)."""
        return f"{self.host}:{self.port}"


def _mask(value: str) -> str:
    return ",".join("password=****" if part.strip().lower().startswith("password=") else part for part in value.split(","))


def _endpoint(text: str, variable: str, shown: str) -> tuple[str, int]:
    if text.startswith("["):
        host, _, rest = text[1:].partition("]")
        port_text = rest[1:] if rest.startswith(":") else ("" if not rest else None)
    elif text.count(":") == 1:
        host, _, port_text = text.partition(":")
    else:
        host, port_text = text, ""
    if not host or port_text is None or (port_text and (not port_text.isdigit() or not 1 <= int(port_text) <= 65535)):
        raise ConfigError(f"Invalid {variable}: '{text}' is not host:port with a port from 1 to 65535. Expected: {STACKEXCHANGE_FORM}. Got: '{shown}'")
    return host, int(port_text) if port_text else 6379


def parse_redis_connection_string(value: str, variable: str = "ConnectionStrings__redis") -> RedisSettings:
    """Settings from `host:port,password=...,ssl=...` (options case-insensitive; user= accepted; other
    StackExchange.Redis options such as abortConnect are ignored; port defaults to 6379; the first endpoint is used).
    Raises ConfigError naming `variable`."""
    shown = _mask(value)
    endpoints, options = [], {}
    for part in (p.strip() for p in value.split(",")):
        if not part:
            continue
        if "=" in part:
            key, _, item = part.partition("=")
            options[key.strip().lower()] = item.strip()
        else:
            endpoints.append(part)
    if not endpoints:
        raise ConfigError(f"Invalid {variable}: no host:port. Expected: {STACKEXCHANGE_FORM}. Got: '{shown}'")
    host, port = _endpoint(endpoints[0], variable, shown)
    ssl_text = options.get("ssl", "false").lower()
    if ssl_text not in ("true", "false"):
        raise ConfigError(f"Invalid {variable}: ssl={options['ssl']} is not true or false. Expected: {STACKEXCHANGE_FORM}. Got: '{shown}'")
    return RedisSettings(host, port, options.get("password") or None, options.get("user") or None, ssl_text == "true")


def parse_redis_url(value: str, variable: str = "REDIS_URL") -> RedisSettings:
    """Settings from redis://[user]:password@host:port (or rediss://). Raises ConfigError naming `variable`."""
    parsed = urlparse(value)
    try:
        shown = value.replace(f":{parsed.password}@", ":****@") if parsed.password else value
        port = parsed.port or 6379
    except ValueError:
        shown, port = "<not shown>", 0
    if parsed.scheme not in ("redis", "rediss") or not parsed.hostname or not 1 <= port <= 65535:
        raise ConfigError(f"Invalid {variable} format. Expected: {URL_FORM}. Got: '{shown}'")
    return RedisSettings(parsed.hostname, port, unquote(parsed.password) if parsed.password else None,
                         unquote(parsed.username) if parsed.username else None, parsed.scheme == "rediss")
