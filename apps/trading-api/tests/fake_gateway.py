"""The gateway's POST /api/orders and GET /alive as a real local HTTP server (aiohttp.web on 127.0.0.1, an ephemeral
port), with the real gateway's rules that matter to trading-api (TradingAspire.Gateway/Orders/OrderService.cs): known
symbols, one order per client_order_id (a unique key: the first insert wins, later ones get the stored order with 200).

Every FakeGateway serves from one background thread with its own event loop, so a test's client may run in any loop
(each asyncio.run of a test gets a new one) and the gateway client under test speaks real HTTP/1.1 over TCP with
keep-alive. conftest.py closes the gateways a test made when it ends."""
import asyncio
import json
import socket
import threading
import uuid
from decimal import Decimal
from pathlib import Path

from aiohttp import web

AGREED_INSTRUMENTS = json.loads((Path(__file__).resolve().parents[3] / "eng" / "contracts" / "cross-service.json").read_text(encoding="utf-8"))["instruments"]["default_response"]
"""What the real gateway answers to GET /api/instruments with its default options."""
KNOWN = tuple(instrument["symbol"] for instrument in AGREED_INSTRUMENTS["instruments"])

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _server_loop() -> asyncio.AbstractEventLoop:
    """The event loop of the background thread that serves every FakeGateway (started on first use, a daemon)."""
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="fake-gateway", daemon=True).start()
        return _loop


def _on_server_loop(coroutine, timeout: float = 10.0):
    return asyncio.run_coroutine_threadsafe(coroutine, _server_loop()).result(timeout)


class FakeGateway:
    """A started fake gateway at `url` ("http://127.0.0.1:<port>"). `requests` (bytes) and `headers` (one
    CIMultiDictProxy each) of every POST /api/orders in arrival order, `peers` the client (host, port) of each (one
    port per TCP connection); `orders` by client_order_id. Set `answer` to a callable(aiohttp.web.Request) returning
    an aiohttp.web.Response, or awaitable of one, to override the rules; `delay` (seconds) is slept before the
    "insert" so concurrent requests interleave."""

    open_gateways: list["FakeGateway"] = []

    def __init__(self):
        self.orders: dict[str, dict] = {}
        self.requests: list[bytes] = []
        self.headers: list = []
        self.peers: list[tuple] = []
        self.answer = None
        self.delay = 0.0
        self.alive_status = 200
        self.alive_body = None  # None: "Healthy" for 200, else "Unhealthy" (ASP.NET Core's plain-text answer); else this text
        self.instruments_answer = None  # None: the agreed default answer (eng/contracts/cross-service.json); else a web.Response
        self._held: socket.socket | None = None
        app = web.Application()
        app.router.add_post("/api/orders", self._handle)
        app.router.add_get("/alive", self._alive)
        app.router.add_get("/api/instruments", self._instruments)
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", 0))
        self.port = listener.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._runner = web.AppRunner(app, access_log=None, handle_signals=False)
        _on_server_loop(self._start(listener))
        self._serving = True
        FakeGateway.open_gateways.append(self)

    async def _start(self, listener: socket.socket) -> None:
        await self._runner.setup()
        await web.SockSite(self._runner, listener, shutdown_timeout=2.0).start()

    def stop_listening(self) -> None:
        """From now on connections to `url` are refused: the server stops and its port stays bound, not listening
        (Linux answers a connect with RST), so no other server can take it during the test."""
        self._stop_server()
        held = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        held.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        held.bind(("127.0.0.1", self.port))
        self._held = held

    def close(self) -> None:
        """Stops the server (idempotent) and releases its port."""
        if self in FakeGateway.open_gateways:
            FakeGateway.open_gateways.remove(self)
        self._stop_server()
        if self._held:
            self._held.close()
            self._held = None

    def _stop_server(self) -> None:
        if self._serving:
            self._serving = False
            _on_server_loop(self._runner.cleanup())

    @staticmethod
    async def never_answer(request: web.Request) -> web.Response:
        """An `answer` that keeps the request waiting until the client gives up (its connection closes)."""
        await asyncio.get_running_loop().create_future()

    async def _alive(self, request: web.Request) -> web.Response:
        text = self.alive_body if self.alive_body is not None else "Healthy" if self.alive_status == 200 else "Unhealthy"
        return web.Response(status=self.alive_status, text=text)

    async def _instruments(self, request: web.Request) -> web.Response:
        self.headers.append(request.headers)
        return web.json_response(AGREED_INSTRUMENTS) if self.instruments_answer is None else self.instruments_answer

    async def _handle(self, request: web.Request) -> web.Response:
        content = await request.read()
        self.requests.append(content)
        self.headers.append(request.headers)
        self.peers.append(request.transport.get_extra_info("peername"))
        if self.answer:
            answer = self.answer(request)
            return await answer if asyncio.iscoroutine(answer) else answer
        body = json.loads(content, parse_float=Decimal, parse_int=Decimal)
        if body["symbol"] not in KNOWN:
            return web.json_response({"error": "validation_failed", "message": "The order is invalid; see errors.",
                                      "errors": [{"field": "symbol", "reason": f"unknown symbol '{body['symbol']}'; known: {', '.join(KNOWN)}"}]},
                                     status=422)
        await asyncio.sleep(self.delay)  # lets concurrent requests interleave before the "insert"
        stored = self.orders.get(body["client_order_id"])
        if stored:
            return self._json(200, self._result(stored))
        order = {"id": str(uuid.uuid4()), "client_order_id": body["client_order_id"], "symbol": body["symbol"], "side": body["side"],
                 "type": body["type"], "quantity": str(body["quantity"]), "limit_price": None if body["limit_price"] is None else str(body["limit_price"]),
                 "status": "filled" if body["type"] == "market" else "resting",
                 "filled_quantity": str(body["quantity"]) if body["type"] == "market" else "0",
                 "average_price": "65032.5" if body["type"] == "market" else None,
                 "created_at": "2026-11-29T11:40:00.123456+00:00", "updated_at": "2026-11-29T11:40:00.123456+00:00"}
        self.orders[body["client_order_id"]] = order
        return self._json(201, self._result(order))

    @staticmethod
    def _json(status: int, body: bytes) -> web.Response:
        return web.Response(status=status, body=body, content_type="application/json")

    @staticmethod
    def _result(order: dict) -> bytes:
        # Numbers as JSON numbers with their exact digits, as System.Text.Json writes decimals.
        text = json.dumps({"order": order, "execution": None})
        for key in ("quantity", "limit_price", "filled_quantity", "average_price"):
            if order[key] is not None:
                text = text.replace(f'"{key}": "{order[key]}"', f'"{key}": {order[key]}')
        return text.encode("utf-8")
