"""Refuses request bodies over a size limit with 413, as a plain ASGI middleware (uvicorn 0.17 has no such option).
A declared Content-Length over the limit is refused before any byte is read; a body without one (chunked) is counted
as it arrives and refused as soon as it passes the limit. Either way the body is not buffered beyond the limit and the
route never runs. The connection is deliberately NOT closed: a client usually writes its whole body before reading the
answer, and a server that closes with unread data makes the client's write fail (broken pipe / reset) so it never sees
the 413. uvicorn reads and discards the rest of the body once the answer is sent, and the connection stays usable."""
import json

from .validation import error_body


class BodyTooLarge(Exception):
    """Raised inside the wrapped `receive` when the body passes the limit."""


def too_large_body(limit: int) -> dict:
    return error_body("body_too_large",
                      f"The request body is larger than {limit} bytes ({limit // 1024} KiB), the limit of this API. "
                      "An order is well under 1 KiB: send one order per request.")


class BodyLimitMiddleware:
    """ASGI middleware: HTTP requests whose body exceeds `max_bytes` get 413 and the route is not called."""

    def __init__(self, app, max_bytes: int):
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return
        received = 0
        started = False

        async def counting_receive():
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise BodyTooLarge()
            return message

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except BodyTooLarge:
            if started:
                raise
            await self._refuse(send)

    async def _refuse(self, send) -> None:
        body = json.dumps(too_large_body(self.max_bytes)).encode("utf-8")
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "http.response.body", "body": body})
