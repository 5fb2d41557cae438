"""The gateway's POST /api/orders as an httpx MockTransport handler, with the real gateway's rules that matter to
trading-api (TradingAspire.Gateway/Orders/OrderService.cs): known symbols, one order per client_order_id (a unique
key: the first insert wins, later ones get the stored order with 200). Used for the gateway call only."""
import asyncio
import json
import uuid
from decimal import Decimal

import httpx

KNOWN = ("BTCUSDT", "ETHUSDT", "SOLUSDT")


class FakeGateway:
    def __init__(self):
        self.orders: dict[str, dict] = {}
        self.requests: list[bytes] = []
        self.answer = None  # a callable(request) -> httpx.Response overriding the behaviour
        self.delay = 0.0

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self.handle)

    async def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request.content)
        if self.answer:
            return self.answer(request)
        body = json.loads(request.content, parse_float=Decimal, parse_int=Decimal)
        if body["symbol"] not in KNOWN:
            return httpx.Response(422, json={"error": "validation_failed", "message": "The order is invalid; see errors.",
                                             "errors": [{"field": "symbol", "reason": f"unknown symbol '{body['symbol']}'; known: {', '.join(KNOWN)}"}]})
        await asyncio.sleep(self.delay)  # lets concurrent requests interleave before the "insert"
        stored = self.orders.get(body["client_order_id"])
        if stored:
            return httpx.Response(200, content=self._result(stored))
        order = {"id": str(uuid.uuid4()), "client_order_id": body["client_order_id"], "symbol": body["symbol"], "side": body["side"],
                 "type": body["type"], "quantity": str(body["quantity"]), "limit_price": None if body["limit_price"] is None else str(body["limit_price"]),
                 "status": "filled" if body["type"] == "market" else "resting",
                 "filled_quantity": str(body["quantity"]) if body["type"] == "market" else "0",
                 "average_price": "65032.5" if body["type"] == "market" else None,
                 "created_at": "2026-11-29T11:40:00.123456+00:00", "updated_at": "2026-11-29T11:40:00.123456+00:00"}
        self.orders[body["client_order_id"]] = order
        return httpx.Response(201, content=self._result(order))

    @staticmethod
    def _result(order: dict) -> bytes:
        # Numbers as JSON numbers with their exact digits, as System.Text.Json writes decimals.
        text = json.dumps({"order": order, "execution": None})
        for key in ("quantity", "limit_price", "filled_quantity", "average_price"):
            if order[key] is not None:
                text = text.replace(f'"{key}": "{order[key]}"', f'"{key}": {order[key]}')
        return text.encode("utf-8")
