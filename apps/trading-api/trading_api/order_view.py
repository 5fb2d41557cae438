"""An order as trading-api returns it (POST /api/trades, GET /api/trades, GET /api/trades/{id}), built from the
gateway's `orders` row or its POST /api/orders answer. The gateway's `orders` table is the only record of an order."""
from decimal import Decimal

ORDER_FIELDS = ("id", "client_order_id", "symbol", "side", "type", "quantity", "limit_price", "status",
                "filled_quantity", "average_price", "gateway_order_id", "reject_reason", "created_at", "updated_at")
COMPARED_FIELDS = ("symbol", "side", "type", "quantity", "limit_price")


def order_from_gateway(order: dict) -> dict:
    """The API's order from the gateway's `order` object. `gateway_order_id` repeats `id` and `reject_reason` is
    always null (rejected orders are not stored); both stay for clients written against the earlier shape."""
    return {
        "id": order["id"], "client_order_id": order["client_order_id"], "symbol": order["symbol"], "side": order["side"],
        "type": order["type"], "quantity": order["quantity"], "limit_price": order.get("limit_price"),
        "status": order["status"], "filled_quantity": order.get("filled_quantity", Decimal(0)),
        "average_price": order.get("average_price"), "gateway_order_id": order["id"], "reject_reason": None,
        "created_at": order["created_at"], "updated_at": order["updated_at"],
    }


def order_from_row(row) -> dict:
    """The API's order from an `orders` row (asyncpg Record or dict)."""
    return order_from_gateway({
        "id": str(row["id"]), "client_order_id": row["client_order_id"], "symbol": row["symbol"], "side": row["side"],
        "type": row["order_type"], "quantity": row["quantity"], "limit_price": row["limit_price"], "status": row["status"],
        "filled_quantity": row["filled_quantity"], "average_price": row["average_price"],
        "created_at": row["created_at"].isoformat(), "updated_at": row["updated_at"].isoformat(),
    })


def differences(sent: dict, stored: dict) -> list[tuple[str, object, object]]:
    """(field, stored value, sent value) for each compared field where the order sent under a client_order_id differs
    from the order first stored under it. Numbers compare by value (0.5 equals 0.50)."""
    found = []
    for field in COMPARED_FIELDS:
        before, now = stored.get(field), sent.get(field)
        if isinstance(before, str) and isinstance(now, str):
            same = before.lower() == now.lower()
        elif isinstance(before, (int, float, Decimal)) and isinstance(now, (int, float, Decimal)):
            same = Decimal(str(before)) == Decimal(str(now))
        else:
            same = before == now
        if not same:
            found.append((field, before, now))
    return found
