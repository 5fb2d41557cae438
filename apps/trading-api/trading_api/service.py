"""The trade path: store pending → forward to the gateway → record its answer and cache it. A trade is never lost."""
import json
import logging
import uuid

from .gateway import GatewayUnavailable
from .repository import trade_json
from .validation import error_body

log = logging.getLogger("trading_api.trades")
CACHE_TTL_SECONDS = 3600


class TradeService:
    def __init__(self, repository, redis, gateway):
        self.repository = repository
        self.redis = redis
        self.gateway = gateway

    async def cache(self, trade: dict) -> None:
        try:
            await self.redis.set(f"trade:{trade['id']}", json.dumps(trade), ex=CACHE_TTL_SECONDS)
        except Exception as error:  # noqa: BLE001 - the cache is optional; PostgreSQL is the record
            log.warning("could not cache trade", extra={"trade_id": trade["id"], "error": str(error)})

    async def submit(self, request) -> tuple[int, dict]:
        """(HTTP status, body) for a validated trade request."""
        client_order_id = request.client_order_id or f"api-{uuid.uuid4().hex}"
        row = await self.repository.insert_pending(request, client_order_id)
        if row is None:
            existing = trade_json(await self.repository.by_client_order_id(client_order_id))
            if existing["status"] != "pending":
                return 200, existing
            row = await self.repository.by_client_order_id(client_order_id)
        # Cached once, with the gateway's answer: until then a read falls back to PostgreSQL, which has the pending row.
        order = {"client_order_id": client_order_id, "symbol": request.symbol, "side": request.side, "type": request.type,
                 "quantity": float(request.quantity), "limit_price": float(request.limit_price) if request.limit_price is not None else None}
        try:
            status, body = await self.gateway.submit(order)
        except GatewayUnavailable as error:
            trade = trade_json(await self.repository.update_status(row["id"], "pending", reject_reason=f"gateway unavailable: {error}"))
            await self.cache(trade)
            log.warning("gateway unavailable; trade kept pending", extra={"trade_id": trade["id"], "error": str(error)})
            return 503, error_body("gateway_unavailable",
                                   "The execution gateway is unavailable; the trade is stored as pending and can be retried with the same client_order_id.",
                                   trade=trade)
        if status in (200, 201):
            placed = body["order"]
            trade = trade_json(await self.repository.update_status(
                row["id"], placed["status"], placed["filled_quantity"], placed["average_price"], placed["id"]))
            await self.cache(trade)
            log.info("trade placed", extra={"trade_id": trade["id"], "status": trade["status"], "symbol": trade["symbol"]})
            return 201, trade
        reason = "; ".join(f"{e.get('field')}: {e.get('reason')}" for e in body.get("errors", [])) or body.get("message", f"HTTP {status}")
        trade = trade_json(await self.repository.update_status(row["id"], "rejected", reject_reason=reason))
        await self.cache(trade)
        log.info("trade rejected by the gateway", extra={"trade_id": trade["id"], "reason": reason})
        return 422, error_body(body.get("error", "rejected"), body.get("message", "The gateway rejected the order."), body.get("errors", []), trade=trade)

    async def get(self, trade_id: uuid.UUID) -> dict | None:
        try:
            cached = await self.redis.get(f"trade:{trade_id}")
            if cached:
                return json.loads(cached)
        except Exception:  # noqa: BLE001 - fall back to PostgreSQL
            pass
        row = await self.repository.by_id(trade_id)
        return trade_json(row) if row else None
