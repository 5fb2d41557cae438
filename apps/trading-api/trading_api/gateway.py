"""The execution gateway's order endpoint, through one pooled keep-alive HTTP client (aiohttp), with W3C trace
context propagated. Numbers travel as exact decimals both ways (decimal_json).

aiohttp rather than httpx: per order, httpx's stack (anyio, httpcore, h11, rfc3986, a getpeername/poll check of every
pooled connection) cost ~4x the CPU of aiohttp's C-parser client (1.35 ms against 0.35 ms per request, 16 concurrent
keep-alive POSTs to the gateway), and trading-api is CPU-bound under load."""
import asyncio
import json
import socket
from collections.abc import Callable

import aiohttp
from yarl import URL

from tradingaspire_common.tracing import SPAN_KIND_CLIENT

from . import decimal_json


class GatewayUnavailable(Exception):
    """The gateway could not be reached or did not answer in time; whether the order was placed is unknown."""


class GatewayFailed(Exception):
    """The gateway answered, but with a server error or a body that is not the documented JSON."""


def describe_failure(error: BaseException) -> str:
    """"Kind: detail" of a call that got no answer, in the words the API has always given (they were httpx's):
    "ConnectError: All connection attempts failed" (refused or unreachable at every address of the host),
    "ConnectError: [Errno -2] Name or service not known" (the host does not resolve), "ConnectTimeout: timed out"
    (no connection, or no free pooled one, within the timeout), "ReadTimeout: timed out" (no bytes of the answer
    within the timeout), else the aiohttp error's class name and message (e.g. "ServerDisconnectedError: Server
    disconnected")."""
    if isinstance(error, aiohttp.ClientConnectorError):
        if isinstance(error.os_error, socket.gaierror):
            return f"ConnectError: {error.os_error}"
        return "ConnectError: All connection attempts failed"
    if isinstance(error, asyncio.TimeoutError):
        # aiohttp raises ServerTimeoutError("Connection timeout to host ...") for its `connect` timeout (pool wait and
        # TCP connect) and ServerTimeoutError("Timeout on reading data from socket") for `sock_read`.
        return "ConnectTimeout: timed out" if str(error).startswith("Connection timeout") else "ReadTimeout: timed out"
    return f"{type(error).__name__}: {error}".rstrip(": ")


ALIVE_WHOLE_CALL_FACTOR = 1.5
"""GET /alive's whole call may take this many times its per-phase limit (a server that answers a byte at a time)."""


def _seconds(value: float) -> str:
    return f"{value:g} s"


def describe_alive_failure(url: str, limit: float, error: BaseException) -> str:
    """What a GET /alive that got no answer tried, its limit (`limit` seconds per phase) and what happened, e.g.
    "gateway did not answer GET http://127.0.0.1:3000/alive within 1 s (ReadTimeout)" (connected, then no answer: a
    hung gateway, or a proxy in front of a gateway that is down), "gateway refused the connection for GET ... (ConnectError:
    connection refused; limit 1 s)" (nothing listens), "gateway did not accept a connection for GET ... within 1 s
    (ConnectTimeout; or every pooled connection of trading-api to it was busy)", "gateway did not finish answering GET ...
    within 1.5 s (Timeout)" (the whole call's bound)."""
    get, whole = f"GET {url}", _seconds(limit * ALIVE_WHOLE_CALL_FACTOR)
    if isinstance(error, aiohttp.ClientConnectorError):
        os_error = error.os_error
        if isinstance(os_error, socket.gaierror):
            return f"gateway host '{error.host}' does not resolve for {get} (ConnectError: {os_error}; limit {_seconds(limit)})"
        if isinstance(os_error, ConnectionRefusedError):
            return f"gateway refused the connection for {get} (ConnectError: connection refused; limit {_seconds(limit)})"
        reason = (os_error.strerror or str(os_error)) if os_error else str(error)
        return f"gateway could not be connected to for {get} (ConnectError: {reason}; limit {_seconds(limit)})"
    if isinstance(error, aiohttp.ServerTimeoutError):
        # aiohttp's own timers: "Connection timeout to host ..." (connect) or "Timeout on reading data from socket" (sock_read).
        if str(error).startswith("Connection timeout"):
            return (f"gateway did not accept a connection for {get} within {_seconds(limit)} (ConnectTimeout; or every pooled "
                    f"connection of trading-api to it was busy)")
        return f"gateway did not answer {get} within {_seconds(limit)} (ReadTimeout)"
    if isinstance(error, asyncio.TimeoutError):  # the whole call's `total` timer
        return f"gateway did not finish answering {get} within {whole} (Timeout)"
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return f"gateway closed the connection without answering {get} (ServerDisconnectedError; limit {_seconds(limit)})"
    detail = f"{type(error).__name__}: {error}".rstrip(": ")
    return f"gateway failed to answer {get} ({detail}; limit {_seconds(limit)})"


def describe_alive_status(url: str, limit: float, status: int, body: bytes) -> str:
    """A GET /alive that answered a status other than 2xx, with the body's status: the "status" of a JSON object, else
    the text (ASP.NET Core's health endpoint writes "Unhealthy"), at most 200 characters; e.g. "gateway answered GET
    http://127.0.0.1:3000/alive with HTTP 503, status 'Unhealthy' (limit 1 s)"."""
    text = " ".join(body.decode("utf-8", errors="replace").split())  # one line
    try:
        parsed = json.loads(text)
    except ValueError:
        parsed = None
    if isinstance(parsed, dict) and isinstance(parsed.get("status"), str):
        text = parsed["status"]
    said = f", status '{text[:200]}'" if text else ", empty body"
    return f"gateway answered GET {url} with HTTP {status}{said} (limit {_seconds(limit)})"


def _timeouts(seconds: float) -> aiohttp.ClientTimeout:
    # As httpx's Timeout(seconds) was: each phase gets the time, not the whole call. `connect` bounds waiting for a
    # pooled connection plus opening one; `sock_read` bounds the wait for each read of the answer (headers and body).
    # The request is small and written at once, so it needs no timeout of its own.
    return aiohttp.ClientTimeout(total=None, connect=seconds, sock_read=seconds)


class GatewayClient:
    """One aiohttp.ClientSession for the life of the app: connections are kept alive (60 s idle) and reused, up to
    `max_connections` at once (more concurrent orders wait for a free one, within the connect timeout), so an order
    costs no TCP handshake. `timeout` (seconds) bounds each phase of an order: getting a connection, then each read of
    the answer; GET /alive gets `alive_timeout` (1 s) per phase and 1.5 times that for the whole call. The session is
    opened on first use, in the running event loop, and close() closes it (a later call opens a new one). `base_url`
    may carry a path prefix ("http://host:port/prefix"). Cookies the gateway might set are neither kept nor sent. `authorization` gives the Authorization header of each
    order: trading-api's own service token for the gateway (tokens.ServiceToken.header), never the caller's."""

    def __init__(self, base_url: str, tracer, authorization: Callable[[], str], timeout: float = 5.0, max_connections: int = 64,
                 alive_timeout: float = 1.0):
        self.base_url = base_url
        self.tracer = tracer
        self.max_connections = max_connections
        self.authorization = authorization
        self._orders_url = URL(base_url.rstrip("/") + "/api/orders")  # parsed once, not per order
        self._alive_url = URL(base_url.rstrip("/") + "/alive")
        self._instruments_url = URL(base_url.rstrip("/") + "/api/instruments")
        self._order_timeout = _timeouts(timeout)
        self.alive_timeout = alive_timeout
        self._alive_timeouts = aiohttp.ClientTimeout(total=alive_timeout * ALIVE_WHOLE_CALL_FACTOR, connect=alive_timeout, sock_read=alive_timeout)
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(limit=self.max_connections, limit_per_host=0, keepalive_timeout=60.0)
        # No cookie jar: the gateway sets no cookies, and aiohttp's default jar filters and expires cookies on every
        # request (~0.1 ms of CPU per order against the gateway, 0.41 -> 0.33 ms per request in the micro-benchmark).
        self._session = aiohttp.ClientSession(connector=connector, timeout=self._order_timeout, cookie_jar=aiohttp.DummyCookieJar())
        return self._session

    async def submit(self, order: dict) -> tuple[int, dict]:
        """(status code, JSON body with Decimal numbers) of POST /api/orders for a status below 500 and for 503
        (the gateway's "no market price yet"). Raises GatewayUnavailable when unreachable, timed out or answering 503
        without a JSON body; GatewayFailed for another 5xx or a body that is not a JSON object. The client span
        "POST /api/orders" gets http.status_code, or an error status with the reason."""
        session = self._session or self._open()
        with self.tracer.start_span("POST /api/orders", SPAN_KIND_CLIENT, **{"http.method": "POST", "peer.service": "gateway"}) as span:
            try:
                async with session.post(self._orders_url, data=decimal_json.dumps(order).encode("utf-8"),
                                        headers={"traceparent": span.traceparent(), "content-type": "application/json",
                                                 "authorization": self.authorization()}) as response:
                    status, content = response.status, await response.read()
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                failure = describe_failure(error)
                span.set_error(failure.partition(": ")[2] or failure)
                raise GatewayUnavailable(failure) from error
            span.set_attribute("http.status_code", status)
            if status >= 500 and status != 503:
                span.set_error(f"HTTP {status}")
                raise GatewayFailed(f"the gateway answered HTTP {status}")
            try:
                body = decimal_json.loads(content)
            except ValueError as error:
                span.set_error("invalid JSON")
                if status == 503:  # a proxy or a server that is starting: unavailable, not failed
                    raise GatewayUnavailable("the gateway answered HTTP 503") from error
                raise GatewayFailed(f"the gateway answered HTTP {status} with a body that is not JSON ({error})") from error
            if not isinstance(body, dict):
                raise GatewayFailed(f"the gateway answered HTTP {status} with JSON that is not an object")
            return status, body

    async def instruments(self) -> dict:
        """The gateway's GET /api/instruments body, {"instruments": [{"symbol", "price_precision", "quantity_precision"}]}
        (the symbols it trades, from its Gateway:Symbols option). Raises GatewayUnavailable when unreachable or timed
        out, GatewayFailed for any status but 200 or a body that is not a JSON object with an "instruments" list."""
        session = self._session or self._open()
        try:
            async with session.get(self._instruments_url, headers={"authorization": self.authorization()}) as response:
                status, content = response.status, await response.read()
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            raise GatewayUnavailable(describe_failure(error)) from error
        if status != 200:
            raise GatewayFailed(f"the gateway answered HTTP {status} to GET /api/instruments")
        try:
            body = decimal_json.loads(content)
        except ValueError as error:
            raise GatewayFailed(f"the gateway answered GET /api/instruments with a body that is not JSON ({error})") from error
        if not isinstance(body, dict) or not isinstance(body.get("instruments"), list):
            raise GatewayFailed('the gateway answered GET /api/instruments without an "instruments" list')
        return body

    async def alive(self) -> tuple[bool, str | None]:
        """(True, None) when GET /alive answers 2xx; else (False, what was tried, the limit and the outcome in words, as
        describe_alive_failure and describe_alive_status put them), e.g. "gateway did not answer GET
        http://127.0.0.1:3000/alive within 1 s (ReadTimeout)". Bounded: `alive_timeout` seconds to connect (or get a
        pooled connection), as long for each read of the answer, and 1.5 times that for the whole call. Never raises for
        an unreachable or failing gateway."""
        session = self._session or self._open()
        try:
            async with session.get(self._alive_url, timeout=self._alive_timeouts) as response:
                content = await response.read()  # read to the end, so the connection goes back to the pool
        except (aiohttp.ClientError, asyncio.TimeoutError) as error:
            return False, describe_alive_failure(str(self._alive_url), self.alive_timeout, error)
        if 200 <= response.status < 300:
            return True, None
        return False, describe_alive_status(str(self._alive_url), self.alive_timeout, response.status, content)

    async def close(self) -> None:
        """Closes the session and its pooled connections (a no-op when none is open)."""
        session, self._session = self._session, None
        if session is not None:
            await session.close()
