"""The REST routes."""
import json
import uuid

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from .repository import trade_json
from .validation import error_body, validate_trade

router = APIRouter()
STATUSES = ("pending", "accepted", "resting", "filled", "rejected", "cancelled")


def _json(status: int, body) -> JSONResponse:
    return JSONResponse(status_code=status, content=body)


@router.post("/api/trades")
async def create_trade(request: Request):
    raw = await request.body()
    try:
        body = json.loads(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        return _json(400, error_body("invalid_json", f"The body is not valid JSON: {error}",
                                     [{"field": "body", "reason": 'must be a JSON object (example: {"symbol": "BTCUSDT", "side": "buy", "quantity": 0.5})'}]))
    trade_request, errors = validate_trade(body)
    if errors:
        return _json(422, error_body("validation_failed", "The trade is invalid; see errors.", errors))
    status, result = await request.app.state.trades.submit(trade_request)
    return _json(status, result)


@router.get("/api/trades")
async def list_trades(request: Request, symbol: str | None = None, status: str | None = None, limit: int = 50, offset: int = 0):
    errors = []
    if not 1 <= limit <= 500:
        errors.append({"field": "limit", "reason": "must be from 1 to 500"})
    if offset < 0:
        errors.append({"field": "offset", "reason": "must be 0 or more"})
    if status and status not in STATUSES:
        errors.append({"field": "status", "reason": f"must be one of {', '.join(STATUSES)}"})
    if errors:
        return _json(422, error_body("validation_failed", "Invalid query; see errors.", errors))
    total, rows = await request.app.state.repository.page(symbol.upper() if symbol else None, status, limit, offset)
    return {"items": [trade_json(row) for row in rows], "total": total, "limit": limit, "offset": offset}


@router.get("/api/trades/{trade_id}")
async def get_trade(request: Request, trade_id: str):
    try:
        parsed = uuid.UUID(trade_id)
    except ValueError:
        return _json(422, error_body("validation_failed", "Invalid trade id.", [{"field": "trade_id", "reason": "must be a UUID"}]))
    trade = await request.app.state.trades.get(parsed)
    return trade if trade else _json(404, error_body("not_found", f"No trade with id {trade_id}."))


@router.get("/api/positions")
async def positions(request: Request):
    return await request.app.state.repository.positions()


@router.get("/api/market/{symbol}")
async def market(request: Request, symbol: str):
    symbol = symbol.upper()
    price, timestamp = await request.app.state.redis.mget(f"price:{symbol}", f"price:{symbol}:at")
    if price is None:
        return _json(404, error_body("not_found", f"No price for '{symbol}' yet (the gateway publishes price:{symbol} in Redis)."))
    return {"symbol": symbol, "price": float(price), "timestamp": timestamp}


HISTORY_LIMIT_MAX = 2000


@router.get("/api/market/{symbol}/history")
async def market_history(request: Request, symbol: str, limit: str = "500"):
    """The most recent ticks of a symbol, oldest first (the gateway keeps them in Redis ticks:{symbol}:history)."""
    if not limit.isdigit() or not 1 <= int(limit) <= HISTORY_LIMIT_MAX:
        return _json(422, error_body("validation_failed", "The query is invalid; see errors.",
                                     [{"field": "limit", "reason": f"must be a whole number from 1 to {HISTORY_LIMIT_MAX} (example: ?limit=500)"}]))
    symbol = symbol.upper()
    raw = await request.app.state.redis.lrange(f"ticks:{symbol}:history", 0, int(limit) - 1)
    ticks = [json.loads(item) for item in reversed(raw)]
    return {"symbol": symbol, "ticks": [{"price": tick["price"], "timestamp": tick["timestamp"]} for tick in ticks]}

