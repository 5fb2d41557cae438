"""Market data from Redis, as the gateway publishes it: GET /api/market/{symbol}, GET /api/market/{symbol}/history."""
import json

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from tradingaspire_common.contracts import price_key, price_time_key, tick_history_key
from tradingaspire_common.tokens import READ

from .access import refusal_responses, require_scope
from .dependencies import redis_client
from .schemas import error_response
from .validation import error_body

router = APIRouter(tags=["market"], dependencies=[require_scope(READ)], responses=refusal_responses(READ))
HISTORY_LIMIT_MAX = 2000


def _json(status: int, body) -> JSONResponse:
    return JSONResponse(status_code=status, content=body)


@router.get("/api/market/{symbol}", summary="Latest price of a symbol",
            responses={200: {"content": {"application/json": {"example": {"symbol": "BTCUSDT", "price": 65032.5, "timestamp": "2026-11-29T11:40:00.25+00:00"}}}},
                       404: error_response("No price yet for the symbol.", "not_found",
                                           "No price for 'DOGEUSDT' yet (the gateway publishes price:DOGEUSDT in Redis).")})
async def market(symbol: str, redis=Depends(redis_client)):
    symbol = symbol.upper()
    price, timestamp = await redis.mget(price_key(symbol), price_time_key(symbol))
    if price is None:
        return _json(404, error_body("not_found", f"No price for '{symbol}' yet (the gateway publishes {price_key(symbol)} in Redis)."))
    return {"symbol": symbol, "price": float(price), "timestamp": timestamp}


@router.get("/api/market/{symbol}/history", summary="Recent ticks of a symbol, oldest first",
            responses={200: {"content": {"application/json": {"example": {"symbol": "BTCUSDT", "ticks": [{"price": 65030.1, "timestamp": "2026-11-29T11:40:00+00:00"}]}}}},
                       422: error_response("limit is not a whole number from 1 to 2000.", "validation_failed", "The query is invalid; see errors.",
                                           [{"field": "limit", "reason": f"must be a whole number from 1 to {HISTORY_LIMIT_MAX} (example: ?limit=500)"}])})
async def market_history(symbol: str, limit: str = "500", redis=Depends(redis_client)):
    """The most recent ticks of a symbol, oldest first (the gateway keeps them in Redis ticks:{symbol}:history)."""
    if not limit.isdigit() or not 1 <= int(limit) <= HISTORY_LIMIT_MAX:
        return _json(422, error_body("validation_failed", "The query is invalid; see errors.",
                                     [{"field": "limit", "reason": f"must be a whole number from 1 to {HISTORY_LIMIT_MAX} (example: ?limit=500)"}]))
    symbol = symbol.upper()
    raw = await redis.lrange(tick_history_key(symbol), 0, int(limit) - 1)
    ticks = [json.loads(item) for item in reversed(raw)]
    return {"symbol": symbol, "ticks": [{"price": tick["price"], "timestamp": tick["timestamp"]} for tick in ticks]}
