"""A minimal ASGI app for the uvicorn resource tests. With FIXTURE_CONFIG_ERROR set it exits with code 2 at import,
as the trading apps do when their configuration is invalid."""
import os
import sys

if os.environ.get("FIXTURE_CONFIG_ERROR"):
    print(f"configuration error: {os.environ['FIXTURE_CONFIG_ERROR']}", file=sys.stderr, flush=True)
    sys.exit(2)


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": f"served by {os.getpid()}".encode()})
