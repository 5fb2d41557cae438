"""The audit trail: security events as structured log records of the logger `security` (the dashboard's Category),
each with `event` and the client's address. Events: login_succeeded, login_failed, login_locked (a user or client
locked after repeated failures), login_refused_locked (an attempt while locked), token_refused (a missing or bad
token), scope_refused (a valid token lacking a scope). Passwords, secrets and tokens are never logged."""
import logging

from starlette.requests import HTTPConnection

security_log = logging.getLogger("security")


def client_address(connection: HTTPConnection) -> str:
    """The peer's address; behind a proxy that says so (the UI's dev server sets X-Forwarded-For), "<forwarded> via <peer>"."""
    peer = connection.client.host if connection.client else "unknown"
    forwarded = connection.headers.get("x-forwarded-for")
    return f"{forwarded.split(',')[0].strip()} via {peer}" if forwarded else peer


def audit(level: int, event: str, message: str, connection: HTTPConnection, **fields) -> None:
    security_log.log(level, message, extra={"event": event, "client_address": client_address(connection), **fields})
