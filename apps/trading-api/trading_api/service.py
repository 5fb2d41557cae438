"""The order path: a validated order is forwarded to the gateway, which stores it (its `orders` table is the only
record; trading-api writes nothing) and fills it; its answer is mapped to trading-api's contract (docs/api.md).

Idempotency: the gateway keeps one order per client_order_id (a unique key, so concurrent first uses make exactly one
order) and answers 200 with the stored order when the id was used before. trading-api compares that stored order with
the one just sent: the same order → 200 and the original; a different one → 409 naming the id and the fields."""
import logging
import uuid

from .decimal_json import dumps
from .gateway import GatewayFailed, GatewayUnavailable
from .order_view import differences, order_from_gateway, order_from_row
from .validation import OrderRequest, error_body

log = logging.getLogger("trading_api.orders")


def retry_hint(client_order_id: str) -> str:
    return f"Send the same order again with client_order_id '{client_order_id}': it is placed at most once."


def shown(value) -> str:
    """A stored or sent value as a message shows it: buy, 0.5, null."""
    return value if isinstance(value, str) else dumps(value)


def conflict_body(client_order_id: str, changed: list, original: dict) -> dict:
    listed = "; ".join(f"{field}: stored {shown(before)}, sent {shown(now)}" for field, before, now in changed)
    return error_body(
        "client_order_id_conflict",
        f"client_order_id '{client_order_id}' was already used for a different order ({listed}). Send the original "
        "order unchanged to get its result, or use a new client_order_id for a new order.",
        [{"field": field, "reason": f"differs from the order first sent with client_order_id '{client_order_id}': "
                                    f"stored {shown(before)}, sent {shown(now)}"} for field, before, now in changed],
        order=original)


class OrderService:
    """Submits orders through the gateway client (gateway.GatewayClient); reads the stored order from the repository
    (repository.OrderRepository) only when the gateway itself answers 409, to name the differing fields the same way."""

    def __init__(self, gateway, repository=None):
        self.gateway = gateway
        self.repository = repository

    async def submit(self, request: OrderRequest) -> tuple[int, dict]:
        """(HTTP status, body): 201 new order, 200 same order again, 409 id reused for another order, 422 refused by
        the gateway (unknown symbol, risk limit), 503 gateway unreachable or no price yet, 502 gateway failed."""
        client_order_id = request.client_order_id or f"api-{uuid.uuid4().hex}"
        order = {"client_order_id": client_order_id, "symbol": request.symbol, "side": request.side, "type": request.type,
                 "quantity": request.quantity, "limit_price": request.limit_price}
        try:
            status, body = await self.gateway.submit(order)
        except GatewayUnavailable as error:
            log.warning("gateway unavailable", extra={"client_order_id": client_order_id, "error": str(error)})
            return 503, error_body("gateway_unavailable",
                                   f"The execution gateway could not be reached or did not answer ({error}); the order "
                                   f"may not have been placed. {retry_hint(client_order_id)}", client_order_id=client_order_id)
        except GatewayFailed as error:
            log.error("gateway failed", extra={"client_order_id": client_order_id, "error": str(error)})
            return 502, error_body("gateway_error", f"The execution gateway failed: {error}; the order may not have been "
                                   f"placed. {retry_hint(client_order_id)}", client_order_id=client_order_id)
        message = body.get("message") if isinstance(body.get("message"), str) else f"HTTP {status}"
        errors = body.get("errors") if isinstance(body.get("errors"), list) else []
        if status in (200, 201) and isinstance(body.get("order"), dict):
            placed = order_from_gateway(body["order"])
            if status == 201:
                log.debug("order placed", extra={"order_id": placed["id"], "status": placed["status"], "symbol": placed["symbol"]})
                return 201, placed
            changed = differences(order, body["order"])
            if changed:
                return 409, conflict_body(client_order_id, changed, placed)
            return 200, placed
        if status == 409:
            row = await self.repository.by_client_order_id(client_order_id) if self.repository else None
            if row is not None:
                stored = order_from_row(row)
                return 409, conflict_body(client_order_id, differences(order, stored), stored)
            return 409, error_body(str(body.get("error", "client_order_id_conflict")), message, errors)
        if status in (400, 422):
            log.info("order refused by the gateway", extra={"client_order_id": client_order_id, "error": body.get("error")})
            return 422, error_body(str(body.get("error", "rejected")), message, errors)
        if status == 503:
            return 503, error_body(str(body.get("error", "gateway_unavailable")), f"{message} {retry_hint(client_order_id)}",
                                   errors, client_order_id=client_order_id)
        return 502, error_body("gateway_error", f"The execution gateway answered HTTP {status} to the order: {message}",
                               errors, client_order_id=client_order_id)
