"""Validation of POST /api/trades bodies against the order domain (order_domain.py): every problem is reported at
once, each naming the field, the rule, an example and, for numbers, the value received. Nothing is rounded."""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .decimal_json import NonFinite
from .order_domain import CLIENT_ORDER_ID, LIMIT_PRICE, ORDER_TYPE, QUANTITY, SIDE, SYMBOL, ChoiceDomain, DecimalDomain

BODY_EXAMPLE = '{"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5, "client_order_id": "ui-42"}'
JSON_NUMBER = re.compile(r"-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?")
NON_FINITE_WORDS = ("nan", "+nan", "-nan", "snan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity")


@dataclass(frozen=True)
class OrderRequest:
    """A valid order as the client sent it: symbol upper-case, side and type lower-case, limit_price None unless
    type is limit, client_order_id None when the client sent none."""
    symbol: str
    side: str
    type: str
    quantity: Decimal
    limit_price: Decimal | None
    client_order_id: str | None


def json_type(value) -> str:
    """The JSON name of a parsed value's type, for messages."""
    if isinstance(value, bool):
        return "a boolean"
    return {dict: "an object", list: "an array", str: "a string"}.get(type(value), "a number")


def _shown(value) -> str:
    text = str(value)
    return text if len(text) <= 40 else f"{text[:20]}...({len(text)} characters)"


def decimal_places(value: Decimal) -> int:
    """Decimal places needed to write `value` exactly (0.50 → 1, 1E-12 → 12, 1E+5 → 0); no rounding involved."""
    _, digits, exponent = value.as_tuple()
    while exponent < 0 and len(digits) > 1 and digits[-1] == 0:
        digits, exponent = digits[:-1], exponent + 1
    return 0 if exponent >= 0 or digits == (0,) else -exponent


def check_decimal(domain: DecimalDomain, value) -> tuple[Decimal | None, str | None]:
    """(the exact value, None) or (None, the reason) for a raw JSON value of a decimal field."""
    example = f"(example: {domain.example})"
    if isinstance(value, NonFinite):
        return None, f"must be a finite number; got {value} {example}"
    if isinstance(value, str):
        if value.strip().lower() in NON_FINITE_WORDS:
            return None, f"must be a finite number; got '{_shown(value)}' {example}"
        if not JSON_NUMBER.fullmatch(value):
            return None, f"must be a number; got the string '{_shown(value)}' {example}"
        value = Decimal(value)
    elif not isinstance(value, Decimal):  # bool, list, object (parse_int/parse_float give Decimal for every number)
        return None, f"must be a number; got {json_type(value)} {example}"
    try:
        if value <= 0:
            return None, f"must be greater than 0; got {_shown(value)} {example}"
        if decimal_places(value) > domain.scale:
            return None, (f"must have at most {domain.scale} decimal places (the smallest step is {domain.step:f}); "
                          f"got {_shown(value)}, which is not rounded {example}")
        if value > domain.maximum:
            return None, f"must be at most {domain.maximum:f}; got {_shown(value)} {example}"
    except InvalidOperation:
        return None, f"must be a finite number; got {_shown(value)} {example}"
    return value, None


def _choice(domain: ChoiceDomain, value, errors: list) -> str | None:
    if value is None:
        if domain.default is None:
            errors.append({"field": domain.name, "reason": f"is required: {domain.describe()} (example: {domain.example})"})
        return domain.default
    if not isinstance(value, str) or value.lower() not in domain.choices:
        errors.append({"field": domain.name, "reason": f"must be {domain.describe()}; got {_shown(value)!r}"})
        return None
    return value.lower()


def _decimal(domain: DecimalDomain, body: dict, errors: list, required: bool) -> Decimal | None:
    value = body.get(domain.name)
    if value is None:
        if required:
            errors.append({"field": domain.name, "reason": f"is required: {domain.describe()} (example: {domain.example})"})
        return None
    number, reason = check_decimal(domain, value)
    if reason:
        errors.append({"field": domain.name, "reason": reason})
    return number


def validate_order(body) -> tuple[OrderRequest | None, list]:
    """(the order, []) or (None, [{"field", "reason"}, ...]) for a parsed JSON body (decimal_json.loads)."""
    if not isinstance(body, dict):
        return None, [{"field": "body", "reason": f"must be a JSON object (example: {BODY_EXAMPLE})"}]
    errors: list = []
    symbol = body.get("symbol")
    if symbol is None:
        errors.append({"field": "symbol", "reason": f"is required: {SYMBOL.description} (example: {SYMBOL.example})"})
    elif not isinstance(symbol, str) or not SYMBOL.matches(symbol.upper()):
        errors.append({"field": "symbol", "reason": f"must be {SYMBOL.description} (example: {SYMBOL.example})"})
    side = _choice(SIDE, body.get("side"), errors)
    order_type = _choice(ORDER_TYPE, body.get("type"), errors)
    quantity = _decimal(QUANTITY, body, errors, required=True)
    limit_price = _decimal(LIMIT_PRICE, body, errors, required=False)
    if order_type == "limit" and body.get("limit_price") is None:
        errors.append({"field": "limit_price", "reason": f"is required for limit orders (example: {LIMIT_PRICE.example})"})
    client_order_id = body.get("client_order_id")
    if client_order_id is not None and (not isinstance(client_order_id, str) or not CLIENT_ORDER_ID.matches(client_order_id)):
        got = f"got {len(client_order_id)} characters" if isinstance(client_order_id, str) else f"got {json_type(client_order_id)}"
        errors.append({"field": "client_order_id", "reason": f"must be {CLIENT_ORDER_ID.description} (example: {CLIENT_ORDER_ID.example}); {got}"})
    if errors:
        return None, errors
    return OrderRequest(symbol.upper(), side, order_type, quantity, limit_price if order_type == "limit" else None, client_order_id), []


def error_body(error: str, message: str, errors: list | None = None, **extra) -> dict:
    """The error body of every 4xx/5xx: {"error": code, "message": sentence, "errors": [{"field", "reason"}], ...}."""
    return {"error": error, "message": message, "errors": errors or [], **extra}
