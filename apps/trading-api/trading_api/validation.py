"""Validation of POST /api/trades bodies: every problem reported at once, with the field and the reason."""
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

SYMBOL = re.compile(r"^[A-Z0-9]{2,20}$")
CLIENT_ORDER_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")
MAX_QUANTITY = Decimal("1000")


@dataclass(frozen=True)
class TradeRequest:
    symbol: str
    side: str
    type: str
    quantity: Decimal
    limit_price: Decimal | None
    client_order_id: str | None


def _number(body: dict, name: str, errors: list, required: bool) -> Decimal | None:
    value = body.get(name)
    if value is None:
        if required:
            errors.append({"field": name, "reason": "is required"})
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        errors.append({"field": name, "reason": "must be a number"})
        return None
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        errors.append({"field": name, "reason": "must be a number"})
        return None
    if not number.is_finite():
        errors.append({"field": name, "reason": "must be a finite number"})
        return None
    return number


def validate_trade(body) -> tuple[TradeRequest | None, list]:
    if not isinstance(body, dict):
        return None, [{"field": "body", "reason": 'must be a JSON object (example: {"symbol": "BTCUSDT", "side": "buy", "quantity": 0.5})'}]
    errors: list = []
    symbol = body.get("symbol")
    if symbol is None:
        errors.append({"field": "symbol", "reason": "is required"})
    elif not isinstance(symbol, str) or not SYMBOL.match(symbol.upper()):
        errors.append({"field": "symbol", "reason": "must be 2-20 letters or digits (example: BTCUSDT)"})
    side = body.get("side")
    if side is None:
        errors.append({"field": "side", "reason": "is required"})
    elif not isinstance(side, str) or side.lower() not in ("buy", "sell"):
        errors.append({"field": "side", "reason": "must be 'buy' or 'sell'"})
    order_type = body.get("type", "market")
    if not isinstance(order_type, str) or order_type.lower() not in ("market", "limit"):
        errors.append({"field": "type", "reason": "must be 'market' or 'limit'"})
        order_type = "market"
    quantity = _number(body, "quantity", errors, required=True)
    if quantity is not None and quantity <= 0:
        errors.append({"field": "quantity", "reason": "must be greater than 0 (example: 0.5)"})
    elif quantity is not None and quantity > MAX_QUANTITY:
        errors.append({"field": "quantity", "reason": f"must be at most {MAX_QUANTITY} per order"})
    limit_price = _number(body, "limit_price", errors, required=False)
    if order_type.lower() == "limit" and limit_price is None and not any(e["field"] == "limit_price" for e in errors):
        errors.append({"field": "limit_price", "reason": "is required for limit orders (example: 64000.5)"})
    elif limit_price is not None and limit_price <= 0:
        errors.append({"field": "limit_price", "reason": "must be greater than 0"})
    client_order_id = body.get("client_order_id")
    if client_order_id is not None and (not isinstance(client_order_id, str) or not CLIENT_ORDER_ID.match(client_order_id)):
        errors.append({"field": "client_order_id", "reason": "must be 1-64 letters, digits or _ . : - (example: ui-42)"})
    if errors:
        return None, errors
    return TradeRequest(symbol.upper(), side.lower(), order_type.lower(), quantity,
                        limit_price if order_type.lower() == "limit" else None, client_order_id), []


def error_body(error: str, message: str, errors: list | None = None, **extra) -> dict:
    return {"error": error, "message": message, "errors": errors or [], **extra}
