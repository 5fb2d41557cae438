"""Reads of the gateway's books (asyncpg): `orders` (the record of every order), `positions`. trading-api never
writes them; the gateway writes an order, its execution and the position in one transaction."""
import uuid
from datetime import datetime

ORDER_COLUMNS = ("id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, "
                 "average_price, created_at, updated_at")


class OrderRepository:
    """Queries on the pool given; each method is one round trip."""

    def __init__(self, pool):
        self.pool = pool

    async def by_id(self, order_id: uuid.UUID):
        """The `orders` row with this id, or None."""
        return await self.pool.fetchrow(f"SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1", order_id)

    async def by_client_order_id(self, client_order_id: str):
        """The `orders` row with this client order id, or None."""
        return await self.pool.fetchrow(f"SELECT {ORDER_COLUMNS} FROM orders WHERE client_order_id = $1", client_order_id)

    async def page(self, symbol: str | None, status: str | None, limit: int, before: tuple[datetime, uuid.UUID] | None):
        """Up to `limit` + 1 rows newest first (created_at, then id, descending), strictly after the `before` cursor;
        the extra row only tells the caller that another page exists."""
        where, args = [], []
        for column, value in (("symbol", symbol), ("status", status)):
            if value:
                args.append(value)
                where.append(f"{column} = ${len(args)}")
        if before:
            args.extend(before)
            where.append(f"(created_at, id) < (${len(args) - 1}, ${len(args)})")
        clause = f"WHERE {' AND '.join(where)}" if where else ""
        args.append(limit + 1)
        return await self.pool.fetch(
            f"SELECT {ORDER_COLUMNS} FROM orders {clause} ORDER BY created_at DESC, id DESC LIMIT ${len(args)}", *args)

    async def positions(self) -> list[dict]:
        """Every net position (quantity signed, negative = short), by symbol."""
        rows = await self.pool.fetch("SELECT symbol, quantity, average_price, realized_pnl, updated_at FROM positions ORDER BY symbol")
        return [{"symbol": r["symbol"], "quantity": r["quantity"], "average_price": r["average_price"],
                 "realized_pnl": r["realized_pnl"], "updated_at": r["updated_at"].isoformat()} for r in rows]
