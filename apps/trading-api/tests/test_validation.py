"""Each rule of the order domain, case by case, on the raw JSON text a client sends (parsed as trading-api parses it)."""
from decimal import Decimal

import pytest

from trading_api import decimal_json
from trading_api.validation import decimal_places, validate_order

MAX = "999999999999999999.9999999999"


def validate(text: str):
    return validate_order(decimal_json.loads(text))


def order_with(**fields) -> str:
    body = {"symbol": '"BTCUSDT"', "side": '"buy"', "quantity": "1"}
    body.update(fields)
    return "{" + ", ".join(f'"{key}": {value}' for key, value in body.items() if value is not None) + "}"


def test_a_valid_market_order_is_normalised():
    request, errors = validate('{"symbol": "btcusdt", "side": "BUY", "quantity": 0.5}')
    assert errors == []
    assert (request.symbol, request.side, request.type, request.quantity, request.limit_price, request.client_order_id) == \
        ("BTCUSDT", "buy", "market", Decimal("0.5"), None, None)


def test_a_valid_limit_order_keeps_its_exact_price_and_client_order_id():
    request, _ = validate('{"symbol": "ETHUSDT", "side": "sell", "type": "limit", "quantity": 1, "limit_price": 3500.1234567891, "client_order_id": "ui-1"}')
    assert request.limit_price == Decimal("3500.1234567891") and request.client_order_id == "ui-1"


@pytest.mark.parametrize("quantity, expected", [
    ("0.0000000001", Decimal("1E-10")),                  # the smallest step
    ("0.1234567891", Decimal("0.1234567891")),            # exactly 10 decimals, not rounded through a float
    ("0.50000000000000000000", Decimal("0.5")),           # trailing zeros are not decimals that need storing
    (MAX, Decimal(MAX)),                                  # numeric(28, 10)'s largest value
    ("1e3", Decimal("1000")),
    ('"0.25"', Decimal("0.25")),                          # a string holding a number
])
def test_values_the_column_can_hold_are_accepted_exactly(quantity, expected):
    request, errors = validate(order_with(quantity=quantity))
    assert errors == [] and request.quantity == expected


@pytest.mark.parametrize("quantity, reason", [
    ("1e-12", "must have at most 10 decimal places (the smallest step is 0.0000000001); got 1E-12, which is not rounded (example: 0.5)"),
    ("1e-30", "must have at most 10 decimal places (the smallest step is 0.0000000001); got 1E-30, which is not rounded (example: 0.5)"),
    ("0.123456789012", "must have at most 10 decimal places (the smallest step is 0.0000000001); got 0.123456789012, which is not rounded (example: 0.5)"),
    (MAX + "1", f"must have at most 10 decimal places (the smallest step is 0.0000000001); got {MAX}1, which is not rounded (example: 0.5)"),
    ("1000000000000000000.0000000000", "must be at most 999999999999999999.9999999999; got 1000000000000000000.0000000000 (example: 0.5)"),  # max + 1e-10
    ("0." + "0" * 60 + "1", "must have at most 10 decimal places (the smallest step is 0.0000000001); got 1E-61, which is not rounded (example: 0.5)"),
    ("0." + "1234567890" * 5, "must have at most 10 decimal places (the smallest step is 0.0000000001); got 0.123456789012345678...(52 characters), which is not rounded (example: 0.5)"),
    ("1000000000000000000", "must be at most 999999999999999999.9999999999; got 1000000000000000000 (example: 0.5)"),
    ("12345678901234567890123456789", "must be at most 999999999999999999.9999999999; got 12345678901234567890123456789 (example: 0.5)"),
    ("1e400", "must be at most 999999999999999999.9999999999; got 1E+400 (example: 0.5)"),
    ("0", "must be greater than 0; got 0 (example: 0.5)"),
    ("-0", "must be greater than 0; got -0 (example: 0.5)"),
    ("-0.0", "must be greater than 0; got -0.0 (example: 0.5)"),
    ("-3", "must be greater than 0; got -3 (example: 0.5)"),
    ("NaN", "must be a finite number; got NaN (example: 0.5)"),
    ("Infinity", "must be a finite number; got Infinity (example: 0.5)"),
    ("-Infinity", "must be a finite number; got -Infinity (example: 0.5)"),
    ('"NaN"', "must be a finite number; got 'NaN' (example: 0.5)"),
    ('"Infinity"', "must be a finite number; got 'Infinity' (example: 0.5)"),
    ('"-inf"', "must be a finite number; got '-inf' (example: 0.5)"),
    ('"lots"', "must be a number; got the string 'lots' (example: 0.5)"),
    ('"1_000"', "must be a number; got the string '1_000' (example: 0.5)"),
    ('" 1"', "must be a number; got the string ' 1' (example: 0.5)"),
    ("true", "must be a number; got a boolean (example: 0.5)"),
    ("[1]", "must be a number; got an array (example: 0.5)"),
    ('{"value": 1}', "must be a number; got an object (example: 0.5)"),
])
def test_quantities_outside_the_domain_are_refused_with_the_limit_and_an_example(quantity, reason):
    request, errors = validate(order_with(quantity=quantity))
    assert request is None
    assert errors == [{"field": "quantity", "reason": reason}]


@pytest.mark.parametrize("price, reason", [
    ("1e-30", "must have at most 10 decimal places (the smallest step is 0.0000000001); got 1E-30, which is not rounded (example: 64000.5)"),
    ("0", "must be greater than 0; got 0 (example: 64000.5)"),
    (MAX, None),
    ("1E+18", "must be at most 999999999999999999.9999999999; got 1E+18 (example: 64000.5)"),
    ('"Infinity"', "must be a finite number; got 'Infinity' (example: 64000.5)"),
])
def test_limit_prices_follow_the_same_domain(price, reason):
    request, errors = validate(order_with(type='"limit"', limit_price=price))
    if reason is None:
        assert errors == [] and request.limit_price == Decimal(MAX)
    else:
        assert errors == [{"field": "limit_price", "reason": reason}]


@pytest.mark.parametrize("fields, field, reason", [
    ({"symbol": None}, "symbol", "is required: 2-20 letters or digits (example: BTCUSDT)"),
    ({"symbol": '"BTC-USD!"'}, "symbol", "must be 2-20 letters or digits (example: BTCUSDT)"),
    ({"symbol": '"' + "A" * 21 + '"'}, "symbol", "must be 2-20 letters or digits (example: BTCUSDT)"),
    ({"symbol": "42"}, "symbol", "must be 2-20 letters or digits (example: BTCUSDT)"),
    ({"side": None}, "side", "is required: 'buy' or 'sell' (example: buy)"),
    ({"side": '"hold"'}, "side", "must be 'buy' or 'sell'; got 'hold'"),
    ({"side": "1"}, "side", "must be 'buy' or 'sell'; got '1'"),
    ({"type": '"stop"'}, "type", "must be 'market' or 'limit'; got 'stop'"),
    ({"quantity": None}, "quantity", "is required: a number greater than 0, at most 999999999999999999.9999999999, with at most 10 decimal places (example: 0.5)"),
    ({"type": '"limit"'}, "limit_price", "is required for limit orders (example: 64000.5)"),
    ({"client_order_id": '"has space"'}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42); got 9 characters"),
    ({"client_order_id": '"' + "x" * 65 + '"'}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42); got 65 characters"),
    ({"client_order_id": '"' + "x" * 5000 + '"'}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42); got 5000 characters"),
    ({"client_order_id": '""'}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42); got 0 characters"),
    ({"client_order_id": "42"}, "client_order_id", "must be 1-64 letters, digits or _ . : - (example: ui-42); got a number"),
])
def test_each_invalid_field_is_reported_with_its_reason(fields, field, reason):
    request, errors = validate(order_with(**fields))
    assert request is None
    assert errors == [{"field": field, "reason": reason}]


def test_a_client_order_id_of_64_characters_is_accepted():
    request, errors = validate(order_with(client_order_id='"' + "x" * 64 + '"'))
    assert errors == [] and request.client_order_id == "x" * 64


def test_a_market_order_ignores_a_valid_limit_price():
    request, _ = validate(order_with(limit_price="100"))
    assert request.type == "market" and request.limit_price is None


def test_all_problems_are_reported_at_once():
    _, errors = validate('{"symbol": "!", "side": "x"}')
    assert [e["field"] for e in errors] == ["symbol", "side", "quantity"]


@pytest.mark.parametrize("text", ["[1, 2]", '"order"', "3", "null"])
def test_a_body_that_is_not_an_object(text):
    _, errors = validate(text)
    assert errors == [{"field": "body", "reason": 'must be a JSON object (example: {"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5, "client_order_id": "ui-42"})'}]


@pytest.mark.parametrize("value, places", [("0.50", 1), ("1E-12", 12), ("1E+5", 0), ("0", 0), ("0.0000000000", 0), ("12.3456", 4)])
def test_decimal_places_counts_without_rounding(value, places):
    assert decimal_places(Decimal(value)) == places


@pytest.mark.parametrize("value, text", [
    (Decimal("0.5000000000"), "0.5"), (Decimal("100"), "100"), (Decimal("1E+2"), "100"), (Decimal("1E-10"), "0.0000000001"),
    (Decimal(MAX), MAX), (Decimal("0E-10"), "0"), ({"a": [Decimal("2.50"), None, "x", True]}, '{"a": [2.5, null, "x", true]}'),
])
def test_decimals_are_written_exactly(value, text):
    assert decimal_json.dumps(value) == text
