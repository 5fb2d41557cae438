"""The audit trail: security events as structured log records of the logger `security` (the dashboard's Category),
each with `event` and the client's address. Events: login_succeeded, login_failed, login_locked (a user or client
locked after repeated failures), login_refused_locked (an attempt while locked), token_refused (a missing or bad
token), scope_refused (a valid token lacking a scope). Passwords, secrets and tokens are never logged."""
import logging

from starlette.requests import HTTPConnection

security_log = logging.getLogger("security")


def client_address(connection: HTTPConnection) -> str:
    """The client's address. uvicorn already replaces the peer by the X-Forwarded-For address when the peer is a
    trusted proxy (loopback: the UI's dev server sets the header), and leaves no host when every address in it is
    trusted; behind an untrusted proxy that forwards, "<forwarded> via <peer>"."""
    host = connection.client.host if connection.client else None
    header = connection.headers.get("x-forwarded-for")
    forwarded = header.split(",")[0].strip() if header else None
    if host and forwarded and forwarded != host:
        return f"{forwarded} via {host}"
    return host or forwarded or "unknown"


def audit(level: int, event: str, message: str, connection: HTTPConnection, **fields) -> None:
    security_log.log(level, message, extra={"event": event, "client_address": client_address(connection), **fields})
