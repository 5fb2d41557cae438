from decimal import Decimal

import pytest

from trading_api.validation import validate_trade


def test_a_valid_market_trade():
    request, errors = validate_trade({"symbol": "btcusdt", "side": "BUY", "quantity": 0.5})
    assert errors == []
    assert (request.symbol, request.side, request.type, request.quantity, request.limit_price) == ("BTCUSDT", "buy", "market", Decimal("0.5"), None)


def test_a_valid_limit_trade_keeps_its_price_and_client_order_id():
    request, _ = validate_trade({"symbol": "ETHUSDT", "side": "sell", "type": "limit", "quantity": 1, "limit_price": 3500.5, "client_order_id": "ui-1"})
    assert request.limit_price == Decimal("3500.5") and request.client_order_id == "ui-1"


@pytest.mark.parametrize("body, field, reason", [
    ({"side": "buy", "quantity": 1}, "symbol", "is required"),
    ({"symbol": "BTC-USD!", "side": "buy", "quantity": 1}, "symbol", "must be 2-20 letters or digits (example: BTCUSDT)"),
    ({"symbol": "BTCUSDT", "quantity": 1}, "side", "is required"),
    ({"symbol": "BTCUSDT", "side": "hold", "quantity": 1}, "side", "must be 'buy' or 'sell'"),
    ({"symbol": "BTCUSDT", "side": "buy"}, "quantity", "is required"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": "lots"}, "quantity", "must be a number"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": True}, "quantity", "must be a number"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": 0}, "quantity", "must be greater than 0 (example: 0.5)"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": -3}, "quantity", "must be greater than 0 (example: 0.5)"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": 1e9}, "quantity", "must be at most 1000 per order"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": "nan"}, "quantity", "must be a finite number"),
    ({"symbol": "BTCUSDT", "side": "buy", "type": "stop", "quantity": 1}, "type", "must be 'market' or 'limit'"),
    ({"symbol": "BTCUSDT", "side": "buy", "type": "limit", "quantity": 1}, "limit_price", "is required for limit orders (example: 64000.5)"),
    ({"symbol": "BTCUSDT", "side": "buy", "type": "limit", "quantity": 1, "limit_price": 0}, "limit_price", "must be greater than 0"),
    ({"symbol": "BTCUSDT", "side": "buy", "quantity": 1, "client_order_id": "has space"}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42)"),
])
def test_each_invalid_field_is_reported_with_its_reason(body, field, reason):
    request, errors = validate_trade(body)
    assert request is None
    assert {"field": field, "reason": reason} in errors


def test_all_problems_are_reported_at_once():
    _, errors = validate_trade({"symbol": "!", "side": "x"})
    assert {e["field"] for e in errors} == {"symbol", "side", "quantity"}


def test_a_body_that_is_not_an_object():
    _, errors = validate_trade([1, 2])
    assert errors[0]["field"] == "body"
