"""Response shapes for the OpenAPI document (/docs, /openapi.json). The routes build their bodies themselves (exact
decimals, decimal_json); these models describe them, with examples. The request body's schema comes from
order_domain.order_request_schema(), the same definition validation uses."""
from pydantic import BaseModel, Field

ORDER_EXAMPLE = {
    "id": "0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10", "client_order_id": "ui-42", "symbol": "BTCUSDT", "side": "buy",
    "type": "market", "quantity": 0.5, "limit_price": None, "status": "filled", "filled_quantity": 0.5,
    "average_price": 65032.5, "gateway_order_id": "0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10", "reject_reason": None,
    "created_at": "2026-11-29T11:40:00.123456+00:00", "updated_at": "2026-11-29T11:40:00.123456+00:00",
}


class Order(BaseModel):
    """An order as stored by the gateway (its `orders` table is the record) with its fill state."""
    id: str = Field(..., description="The order's id (UUID), assigned by the gateway.")
    client_order_id: str = Field(..., description="The client's id for the order (or the generated api-<hex>).")
    symbol: str = Field(..., description="Instrument, upper-case.")
    side: str = Field(..., description="buy or sell.")
    type: str = Field(..., description="market or limit.")
    quantity: float = Field(..., description="Ordered quantity (exact decimal, at most 10 decimal places).")
    limit_price: float | None = Field(None, description="Limit price; null for market orders.")
    status: str = Field(..., description="new, resting (limit order waiting for the price), filled or cancelled.")
    filled_quantity: float = Field(..., description="Quantity filled so far (all of it once filled).")
    average_price: float | None = Field(None, description="Average fill price; null until filled.")
    gateway_order_id: str = Field(..., description="Same as id (kept for clients of the earlier shape).")
    reject_reason: str | None = Field(None, description="Always null: rejected orders are not stored; the reason is in the 422 answer.")
    created_at: str = Field(..., description="When the gateway accepted the order (ISO 8601, UTC).")
    updated_at: str = Field(..., description="Last change of status or fill (ISO 8601, UTC).")

    class Config:
        schema_extra = {"example": ORDER_EXAMPLE}


class OrderPage(BaseModel):
    """One page of orders, newest first."""
    items: list[Order]
    limit: int = Field(..., description="The page size asked for.")
    next_before: str | None = Field(None, description="Pass as ?before= to get the next (older) page; null on the last page.")

    class Config:
        schema_extra = {"example": {"items": [ORDER_EXAMPLE], "limit": 50, "next_before": "MjAyNi0xMS0yOVQxMTo0MDowMC4xMjM0NTYrMDA6MDB8MGI2YzFlOWUtNWQyZi00ZjdjLTlhNTEtMmYwZDdjMWU0YTEw"}}


class FieldError(BaseModel):
    field: str = Field(..., description="The request field (or 'body', or a query parameter).")
    reason: str = Field(..., description="What is wrong, the expected form and an example.")


class ErrorBody(BaseModel):
    """Every 4xx/5xx answer of trading-api (and of the gateway) has this shape."""
    error: str = Field(..., description="Stable machine-readable code, e.g. validation_failed.")
    message: str = Field(..., description="One sentence for a person: what happened and what to do.")
    errors: list[FieldError] = Field(..., description="One entry per invalid field; empty when no field is at fault.")
    client_order_id: str | None = Field(None, description="On 502/503 for POST /api/trades: the id to retry with.")
    order: Order | None = Field(None, description="On 409: the order first stored under the client_order_id.")


class Position(BaseModel):
    symbol: str
    quantity: float = Field(..., description="Net position, signed (negative = short).")
    average_price: float = Field(..., description="Average entry price of the open position.")
    realized_pnl: float = Field(..., description="Profit and loss realised by closing fills, in the quote currency.")
    updated_at: str

    class Config:
        schema_extra = {"example": {"symbol": "BTCUSDT", "quantity": 0.5, "average_price": 65032.5, "realized_pnl": 12.25,
                                    "updated_at": "2026-11-29T11:40:00.123456+00:00"}}


class Instrument(BaseModel):
    """A symbol the gateway trades and how many decimals its prices and quantities are shown with."""
    symbol: str = Field(..., description="The symbol, upper-case (an order's `symbol`).")
    price_precision: int = Field(..., description="Decimals of a price (2 shows 65032.50).")
    quantity_precision: int = Field(..., description="Decimals of a quantity (4 shows 0.0100); finer quantities are still accepted (10 decimals).")


class InstrumentList(BaseModel):
    """The gateway's instruments, in the order of its configuration (Gateway:Symbols)."""
    instruments: list[Instrument]

    class Config:
        schema_extra = {"example": {"instruments": [{"symbol": "BTCUSDT", "price_precision": 2, "quantity_precision": 4},
                                                    {"symbol": "ETHUSDT", "price_precision": 2, "quantity_precision": 3}]}}


def error_response(description: str, error: str, message: str, errors: list | None = None, **extra) -> dict:
    """An OpenAPI `responses` entry: the ErrorBody schema, a description and one example body."""
    return {"model": ErrorBody, "description": description,
            "content": {"application/json": {"example": {"error": error, "message": message, "errors": errors or [], **extra}}}}
