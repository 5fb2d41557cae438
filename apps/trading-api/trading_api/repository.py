"""The trades table (asyncpg)."""
import uuid
from datetime import datetime, timezone
from decimal import Decimal

COLUMNS = ("id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, "
           "average_price, gateway_order_id, reject_reason, created_at, updated_at")


def _number(value):
    return float(value) if isinstance(value, Decimal) else value


def trade_json(row) -> dict:
    """A trades row as the API returns it."""
    return {
        "id": str(row["id"]),
        "client_order_id": row["client_order_id"],
        "symbol": row["symbol"],
        "side": row["side"],
        "type": row["order_type"],
        "quantity": _number(row["quantity"]),
        "limit_price": _number(row["limit_price"]),
        "status": row["status"],
        "filled_quantity": _number(row["filled_quantity"]),
        "average_price": _number(row["average_price"]),
        "gateway_order_id": str(row["gateway_order_id"]) if row["gateway_order_id"] else None,
        "reject_reason": row["reject_reason"],
        "created_at": row["created_at"].isoformat(),
        "updated_at": row["updated_at"].isoformat(),
    }


class TradeRepository:
    def __init__(self, pool):
        self.pool = pool

    async def insert_pending(self, request, client_order_id: str):
        """Inserts the trade as pending; None when the client order id exists already."""
        now = datetime.now(timezone.utc)
        return await self.pool.fetchrow(
            f"INSERT INTO trades ({COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', 0, NULL, NULL, NULL, $8, $8) "
            f"ON CONFLICT (client_order_id) DO NOTHING RETURNING {COLUMNS}",
            uuid.uuid4(), client_order_id, request.symbol, request.side, request.type, request.quantity, request.limit_price, now)

    async def by_client_order_id(self, client_order_id: str):
        return await self.pool.fetchrow(f"SELECT {COLUMNS} FROM trades WHERE client_order_id = $1", client_order_id)

    async def by_id(self, trade_id: uuid.UUID):
        return await self.pool.fetchrow(f"SELECT {COLUMNS} FROM trades WHERE id = $1", trade_id)

    async def update_status(self, trade_id, status: str, filled_quantity=0, average_price=None, gateway_order_id=None, reject_reason=None):
        return await self.pool.fetchrow(
            f"UPDATE trades SET status = $2, filled_quantity = $3, average_price = $4, gateway_order_id = $5, reject_reason = $6, "
            f"updated_at = now() WHERE id = $1 RETURNING {COLUMNS}",
            trade_id, status, Decimal(str(filled_quantity)), None if average_price is None else Decimal(str(average_price)),
            None if gateway_order_id is None else uuid.UUID(str(gateway_order_id)), reject_reason)

    async def page(self, symbol: str | None, status: str | None, limit: int, offset: int):
        where, args = [], []
        for column, value in (("symbol", symbol), ("status", status)):
            if value:
                args.append(value)
                where.append(f"{column} = ${len(args)}")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        total = await self.pool.fetchval(f"SELECT count(*) FROM trades {clause}", *args)
        rows = await self.pool.fetch(
            f"SELECT {COLUMNS} FROM trades {clause} ORDER BY created_at DESC LIMIT ${len(args) + 1} OFFSET ${len(args) + 2}", *args, limit, offset)
        return total, rows

    async def positions(self):
        rows = await self.pool.fetch("SELECT symbol, quantity, average_price, realized_pnl, updated_at FROM positions ORDER BY symbol")
        return [{"symbol": r["symbol"], "quantity": _number(r["quantity"]), "average_price": _number(r["average_price"]),
                 "realized_pnl": _number(r["realized_pnl"]), "updated_at": r["updated_at"].isoformat()} for r in rows]
