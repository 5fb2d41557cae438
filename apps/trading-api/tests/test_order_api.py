"""POST /api/trades through the ASGI app (routes, body limit, service), with the gateway call answered over real HTTP
by fake_gateway.FakeGateway, a local aiohttp server. Statuses and messages asserted exactly (clients rely on them)."""
import asyncio
import json

import httpx
import pytest
from aiohttp import web

from api_app import ApiUnderTest
from fake_gateway import FakeGateway
from tradingaspire_common.contracts import MAX_BODY_BYTES
from tradingaspire_common.testing.auth import bearer


AUTH = bearer()  # a trader's token: read and trade


def make_app(gateway: FakeGateway, repository=None, timeout: float = 5.0) -> ApiUnderTest:
    return ApiUnderTest(gateway.url, repository=repository, timeout=timeout)


def post_all(api: ApiUnderTest, bodies: list, headers=None) -> list[httpx.Response]:
    async def run():
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://api") as client:
                return await asyncio.gather(*(client.post("/api/trades", content=body if isinstance(body, (bytes, str)) else json.dumps(body),
                                                          headers={**AUTH, **(headers or {"content-type": "application/json"})}) for body in bodies))
        finally:
            await api.close()
    return asyncio.run(run())


def post(app, body, headers=None) -> httpx.Response:
    return post_all(app, [body], headers)[0]


ORDER = {"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5, "client_order_id": "ui-42"}


def test_a_valid_order_is_forwarded_with_exact_decimals_and_answered_201():
    gateway = FakeGateway()
    response = post(make_app(gateway), '{"symbol": "btcusdt", "side": "buy", "quantity": 0.1234567891, "client_order_id": "ui-1"}')
    assert response.status_code == 201
    assert gateway.requests == [b'{"client_order_id": "ui-1", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.1234567891, "limit_price": null}']
    assert '"quantity": 0.1234567891' in response.text
    assert response.json()["status"] == "filled" and response.json()["gateway_order_id"] == response.json()["id"]


def test_an_order_without_client_order_id_gets_a_generated_one():
    gateway = FakeGateway()
    response = post(make_app(gateway), {"symbol": "BTCUSDT", "side": "buy", "quantity": 1})
    assert response.status_code == 201 and response.json()["client_order_id"].startswith("api-")


@pytest.mark.parametrize("body", ['{"symbol": "BTCUSDT", "side": "buy", "quantity": 1e-12}', '{"symbol": "BTCUSDT", "side": "buy", "quantity": NaN}',
                                  '{"symbol": "BTCUSDT", "side": "buy", "type": "limit", "quantity": 1, "limit_price": 1e-30}',
                                  '{"symbol": "BTCUSDT", "side": "buy", "quantity": 12345678901234567890123456789}',
                                  '{"symbol": "BTCUSDT", "side": "buy", "quantity": 1, "client_order_id": "' + "x" * 5000 + '"}'])
def test_an_invalid_order_is_422_and_never_reaches_the_gateway(body):
    gateway = FakeGateway()
    response = post(make_app(gateway), body)
    assert response.status_code == 422
    assert response.json()["error"] == "validation_failed" and response.json()["message"] == "The order is invalid; see errors."
    assert gateway.requests == []


def test_a_body_that_is_not_json_is_400():
    response = post(make_app(FakeGateway()), "{not json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_json"
    assert response.json()["message"] == "The body is not valid JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1)"


def test_an_unknown_symbol_is_422_from_the_gateway_and_nothing_is_stored():
    gateway = FakeGateway()
    response = post(make_app(gateway), {**ORDER, "symbol": "DOGEUSDT"})
    assert response.status_code == 422
    assert response.json() == {"error": "validation_failed", "message": "The order is invalid; see errors.",
                               "errors": [{"field": "symbol", "reason": "unknown symbol 'DOGEUSDT'; known: BTCUSDT, ETHUSDT, SOLUSDT"}]}
    assert gateway.orders == {}


def test_the_same_order_again_answers_200_with_the_original():
    gateway = FakeGateway()
    app = make_app(gateway)
    first, second = post(app, ORDER), post(app, {**ORDER, "quantity": "0.50", "side": "BUY"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json() == first.json() and len(gateway.orders) == 1


def test_a_different_order_under_a_used_client_order_id_is_409_naming_the_id_and_the_fields():
    gateway = FakeGateway()
    app = make_app(gateway)
    first = post(app, ORDER)
    response = post(app, {**ORDER, "side": "sell", "quantity": 2})
    assert response.status_code == 409
    assert response.json() == {
        "error": "client_order_id_conflict",
        "message": "client_order_id 'ui-42' was already used for a different order (side: stored buy, sent sell; quantity: stored 0.5, sent 2). "
                   "Send the original order unchanged to get its result, or use a new client_order_id for a new order.",
        "errors": [{"field": "side", "reason": "differs from the order first sent with client_order_id 'ui-42': stored buy, sent sell"},
                   {"field": "quantity", "reason": "differs from the order first sent with client_order_id 'ui-42': stored 0.5, sent 2"}],
        "order": first.json()}
    assert len(gateway.orders) == 1


def test_a_limit_order_reusing_a_market_orders_id_names_type_and_limit_price():
    app = make_app(FakeGateway())
    post(app, ORDER)
    response = post(app, {**ORDER, "type": "limit", "limit_price": 60000})
    assert [e["field"] for e in response.json()["errors"]] == ["type", "limit_price"]
    assert "type: stored market, sent limit; limit_price: stored null, sent 60000" in response.json()["message"]


class StoredOrders:
    """OrderRepository.by_client_order_id over the fake gateway's orders, shaped as `orders` rows."""

    def __init__(self, gateway: FakeGateway):
        self.gateway = gateway

    async def by_client_order_id(self, client_order_id):
        from datetime import datetime
        from decimal import Decimal
        order = self.gateway.orders.get(client_order_id)
        if order is None:
            return None
        return {**order, "order_type": order["type"], "quantity": Decimal(order["quantity"]), "limit_price": None,
                "filled_quantity": Decimal(order["filled_quantity"]), "average_price": Decimal(order["average_price"]),
                "created_at": datetime.fromisoformat(order["created_at"]), "updated_at": datetime.fromisoformat(order["updated_at"])}


def test_a_409_from_the_gateway_is_answered_with_the_same_conflict_body():
    gateway = FakeGateway()
    repository = StoredOrders(gateway)
    app = make_app(gateway, repository=repository)
    first = post(app, ORDER)
    gateway.answer = lambda r: web.json_response({"error": "duplicate_client_order_id", "message": "used", "errors": []}, status=409)
    response = post(app, {**ORDER, "quantity": 2})
    assert response.status_code == 409
    assert response.json()["error"] == "client_order_id_conflict" and response.json()["order"] == first.json()
    assert response.json()["errors"] == [{"field": "quantity", "reason": "differs from the order first sent with client_order_id 'ui-42': stored 0.5, sent 2"}]


def test_concurrent_first_uses_of_an_id_make_exactly_one_order():
    gateway = FakeGateway()
    gateway.delay = 0.01
    responses = post_all(make_app(gateway), [ORDER] * 8 + [{**ORDER, "quantity": 3}] * 4)
    statuses = sorted(r.status_code for r in responses)
    assert len(gateway.orders) == 1
    assert statuses.count(201) == 1
    winner = gateway.orders["ui-42"]["quantity"]
    assert statuses.count(409) == (4 if winner == "0.5" else 8)
    assert statuses.count(200) == (7 if winner == "0.5" else 3)


def answering(answer):
    """Arranges that the fake gateway answers every order with answer(request)."""
    return lambda gateway: setattr(gateway, "answer", answer)


@pytest.mark.parametrize("arrange, status, error, message", [
    (FakeGateway.stop_listening, 503, "gateway_unavailable",
     "The execution gateway could not be reached or did not answer (ConnectError: All connection attempts failed); the order may not have been placed. "
     "Send the same order again with client_order_id 'ui-42': it is placed at most once."),
    (answering(FakeGateway.never_answer), 503, "gateway_unavailable",
     "The execution gateway could not be reached or did not answer (ReadTimeout: timed out); the order may not have been placed. "
     "Send the same order again with client_order_id 'ui-42': it is placed at most once."),
    (answering(lambda r: web.Response(status=500, text="boom")), 502, "gateway_error",
     "The execution gateway failed: the gateway answered HTTP 500; the order may not have been placed. "
     "Send the same order again with client_order_id 'ui-42': it is placed at most once."),
    (answering(lambda r: web.Response(status=201, text="<html>")), 502, "gateway_error",
     "The execution gateway failed: the gateway answered HTTP 201 with a body that is not JSON (Expecting value: line 1 column 1 (char 0)); "
     "the order may not have been placed. Send the same order again with client_order_id 'ui-42': it is placed at most once."),
    (answering(lambda r: web.json_response({"error": "market_unavailable", "message": "No market price for BTCUSDT yet; retry in a moment.", "errors": []}, status=503)),
     503, "market_unavailable", "No market price for BTCUSDT yet; retry in a moment. Send the same order again with client_order_id 'ui-42': it is placed at most once."),
])
def test_gateway_failures_are_5xx_bodies_that_say_how_to_retry(arrange, status, error, message):
    gateway = FakeGateway()
    arrange(gateway)
    response = post(make_app(gateway, timeout=1.0), ORDER)
    assert response.status_code == status
    assert response.json() == {"error": error, "message": message, "errors": [], "client_order_id": "ui-42"}


def test_a_risk_rejection_by_the_gateway_is_422_with_its_reason():
    gateway = FakeGateway()
    gateway.answer = lambda r: web.json_response({"error": "risk_rejected", "message": "The order breaks a risk limit.",
                                                  "errors": [{"field": "quantity", "reason": "must be at most 1000 per order"}]}, status=422)
    response = post(make_app(gateway), {**ORDER, "quantity": 5000})
    assert response.status_code == 422
    assert response.json() == {"error": "risk_rejected", "message": "The order breaks a risk limit.",
                               "errors": [{"field": "quantity", "reason": "must be at most 1000 per order"}]}


TOO_LARGE = {"error": "body_too_large", "message": "The request body is larger than 16384 bytes (16 KiB), the limit of this API. "
                                                   "An order is well under 1 KiB: send one order per request.", "errors": []}


def test_a_body_over_16_kib_is_413_before_it_is_read():
    gateway = FakeGateway()
    response = post(make_app(gateway), b"x" * (2 * 1024 * 1024))
    assert response.status_code == 413 and response.json() == TOO_LARGE
    assert gateway.requests == []


def test_a_chunked_body_over_16_kib_is_413_too():
    gateway = FakeGateway()
    api = make_app(gateway)

    async def chunks():
        for _ in range(40):
            yield b" " * 4096

    async def run():
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://api") as client:
                return await client.post("/api/trades", content=chunks(), headers=AUTH)
        finally:
            await api.close()

    response = asyncio.run(run())
    assert response.status_code == 413 and response.json() == TOO_LARGE
    assert gateway.requests == []


def test_a_body_of_exactly_the_limit_is_read():
    padding = " " * (MAX_BODY_BYTES - len(json.dumps(ORDER)))
    response = post(make_app(FakeGateway()), json.dumps(ORDER) + padding)
    assert response.status_code == 201
