"""PostgreSQL connection settings, from Aspire's `ConnectionStrings__{name}` (Npgsql keyword form) or a
postgresql:// URL (the by-hand fallback DATABASE_URL)."""
from dataclasses import dataclass
from urllib.parse import quote, unquote, urlparse

from .ado_connection_string import mask_password, parse_keywords
from .errors import ConfigError

NPGSQL_FORM = ("Host=host;Port=port;Username=user;Password=password;Database=database "
               "(example: Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=trading)")
URL_FORM = "postgresql://user:password@host:port/database (example: postgresql://postgres:secret@127.0.0.1:5432/trading)"

_SYNONYMS = {
    "host": ("host", "server"),
    "port": ("port",),
    "user": ("username", "user id", "userid", "user name", "user"),
    "password": ("password", "pwd"),
    "database": ("database", "db"),
}


@dataclass(frozen=True)
class DatabaseSettings:
    """Where and as whom to connect: host name or IP, TCP port (1-65535), user, password ('' when none), database."""
    user: str
    password: str
    host: str
    port: int
    database: str

    def connect_kwargs(self) -> dict:
        """Keyword arguments for asyncpg.connect / asyncpg.create_pool."""
        return {"host": self.host, "port": self.port, "user": self.user, "password": self.password or None, "database": self.database}

    def dsn(self) -> str:
        """A postgresql:// URL (user and password percent-encoded)."""
        auth = quote(self.user, safe="") + (f":{quote(self.password, safe='')}" if self.password else "")
        return f"postgresql://{auth}@{self.host}:{self.port}/{quote(self.database, safe='')}"

    def describe(self) -> str:
        """host:port/database, for logs (no credentials)."""
        return f"{self.host}:{self.port}/{self.database}"


def _port(text: str, variable: str, shown: str, expected: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise ConfigError(f"Invalid {variable}: Port '{text}' is not a number from 1 to 65535. Expected: {expected}. Got: '{shown}'")
    return int(text)


def parse_npgsql_connection_string(value: str, variable: str = "ConnectionStrings__trading") -> DatabaseSettings:
    """Settings from `Host=..;Port=..;Username=..;Password=..;Database=..` (keywords case-insensitive, synonyms
    Server, User Id, PWD, DB accepted; Port defaults to 5432). Raises ConfigError naming `variable`."""
    shown = mask_password(value)
    try:
        keywords = parse_keywords(value)
    except ValueError as error:
        raise ConfigError(f"Invalid {variable}: {error}. Expected: {NPGSQL_FORM}.") from None
    found = {name: next((keywords[k] for k in keys if k in keywords), None) for name, keys in _SYNONYMS.items()}
    missing = [keys[0].capitalize() for name, keys in _SYNONYMS.items() if name in ("host", "user", "database") and not found[name]]
    if missing:
        raise ConfigError(f"Invalid {variable}: {', '.join(missing)} missing. Expected: {NPGSQL_FORM}. Got: '{shown}'")
    if "," in found["host"]:
        raise ConfigError(f"Invalid {variable}: several hosts ('{found['host']}') are not supported. Expected: {NPGSQL_FORM}. Got: '{shown}'")
    return DatabaseSettings(user=found["user"], password=found["password"] or "", host=found["host"],
                            port=_port(found["port"] or "5432", variable, shown, NPGSQL_FORM), database=found["database"])


def _mask_url(url: str) -> str:
    parsed = urlparse(url)
    try:
        password = parsed.password
    except ValueError:
        password = None
    return url.replace(f":{password}@", ":****@") if password else url


def parse_database_url(value: str, variable: str = "DATABASE_URL") -> DatabaseSettings:
    """Settings from postgresql://user:password@host:port/database (percent-encoded parts). Raises ConfigError."""
    parsed = urlparse(value)
    shown = _mask_url(value)
    if parsed.scheme not in ("postgresql", "postgres") or not parsed.hostname or not parsed.path.strip("/") or parsed.username is None:
        raise ConfigError(f"Invalid {variable} format. Expected: {URL_FORM}. Got: '{shown}'")
    try:
        port = parsed.port or 5432
    except ValueError:
        port = 0
    return DatabaseSettings(user=unquote(parsed.username), password=unquote(parsed.password or ""), host=parsed.hostname,
                            port=_port(str(port), variable, shown, URL_FORM), database=unquote(parsed.path.strip("/")))
