"""Orders: POST /api/trades (place one), GET /api/trades (pages, newest first), GET /api/trades/{order_id}.
The path says "trades" for compatibility; what is sent and returned is an order (docs/api.md)."""
import uuid

from fastapi import APIRouter, Depends, Request

from tradingaspire_common.contracts import MAX_BODY_BYTES, ORDER_STATUSES
from tradingaspire_common.tokens import READ, TRADE

from . import decimal_json
from .access import refusal_responses, require_scope
from .body_limit import too_large_body
from .decimal_json import DecimalJSONResponse
from .dependencies import order_repository, order_service
from .order_domain import SYMBOL, order_request_schema
from .order_view import order_from_row
from .paging import InvalidCursor, decode_cursor, encode_cursor
from .repository import OrderRepository
from .schemas import Order, OrderPage, error_response
from .service import OrderService
from .validation import BODY_EXAMPLE, error_body, validate_order

router = APIRouter(tags=["orders"])
PAGE_LIMIT_MAX = 500
INVALID_ORDER = "The order is invalid; see errors."

REQUEST_EXAMPLES = {
    "market": {"summary": "Market order", "value": {"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5, "client_order_id": "ui-42"}},
    "limit": {"summary": "Limit order", "value": {"symbol": "ETHUSDT", "side": "sell", "type": "limit", "quantity": "1.25", "limit_price": "3500.5", "client_order_id": "ui-43"}},
}
TOO_LARGE = too_large_body(MAX_BODY_BYTES)
POST_RESPONSES = {
    200: {"model": Order, "description": "The same order was sent before under this client_order_id: the original order, unchanged (nothing new placed)."},
    400: error_response("The body is not JSON.", "invalid_json", "The body is not valid JSON: Expecting value: line 1 column 1 (char 0)",
                        [{"field": "body", "reason": f"must be a JSON object (example: {BODY_EXAMPLE})"}]),
    409: error_response("client_order_id was used before for a different order; nothing placed.", "client_order_id_conflict",
                        "client_order_id 'ui-42' was already used for a different order (side: stored buy, sent sell; quantity: stored 0.5, sent 2). "
                        "Send the original order unchanged to get its result, or use a new client_order_id for a new order.",
                        [{"field": "side", "reason": "differs from the order first sent with client_order_id 'ui-42': stored buy, sent sell"},
                         {"field": "quantity", "reason": "differs from the order first sent with client_order_id 'ui-42': stored 0.5, sent 2"}]),
    413: error_response(f"The body is larger than {MAX_BODY_BYTES // 1024} KiB; nothing read further, nothing placed.", TOO_LARGE["error"], TOO_LARGE["message"]),
    422: error_response("The order is invalid (validation_failed: a field outside its domain, or a symbol the gateway does not trade) "
                        "or breaks a risk limit (risk_rejected). Nothing is stored.", "validation_failed", INVALID_ORDER,
                        [{"field": "quantity", "reason": "must have at most 10 decimal places (the smallest step is 0.0000000001); got 0.123456789012, which is not rounded (example: 0.5)"}]),
    502: error_response("The gateway failed (5xx other than 503, or not JSON). Retry with the same client_order_id.", "gateway_error",
                        "The execution gateway failed: the gateway answered HTTP 500; the order may not have been placed. "
                        "Send the same order again with client_order_id 'ui-42': it is placed at most once.", client_order_id="ui-42"),
    503: error_response("The gateway is unreachable or timed out (gateway_unavailable), or has no price for the symbol yet "
                        "(market_unavailable). Retry with the same client_order_id.", "gateway_unavailable",
                        "The execution gateway could not be reached or did not answer (ConnectError: All connection attempts failed); "
                        "the order may not have been placed. Send the same order again with client_order_id 'ui-42': it is placed at most once.",
                        client_order_id="ui-42"),
}
POST_RESPONSES.update(refusal_responses(TRADE))
QUERY_INVALID = error_response("A query parameter is invalid.", "validation_failed", "The query is invalid; see errors.",
                               [{"field": "limit", "reason": f"must be a whole number from 1 to {PAGE_LIMIT_MAX} (example: ?limit=50)"}])


def _json(status: int, body) -> DecimalJSONResponse:
    return DecimalJSONResponse(status_code=status, content=body)


@router.post("/api/trades", status_code=201, dependencies=[require_scope(TRADE)], response_model=Order, responses=POST_RESPONSES, summary="Place an order",
             description="Validates the order against the order domain (the `orders` columns' types and checks), forwards it to "
                         "the execution gateway, which stores it and fills it, and answers with the stored order. Numbers are "
                         "exact decimals: never rounded, refused beyond 10 decimal places or 18 integer digits. Invalid orders "
                         "write nothing. See docs/api.md for idempotency and every error.",
             openapi_extra={"requestBody": {"required": True, "content": {"application/json": {"schema": order_request_schema(), "examples": REQUEST_EXAMPLES}}}})
async def place_order(request: Request, orders: OrderService = Depends(order_service)):
    try:
        body = decimal_json.loads(await request.body())
    except ValueError as error:
        return _json(400, error_body("invalid_json", f"The body is not valid JSON: {error}",
                                     [{"field": "body", "reason": f"must be a JSON object (example: {BODY_EXAMPLE})"}]))
    order, errors = validate_order(body)
    if errors:
        return _json(422, error_body("validation_failed", INVALID_ORDER, errors))
    status, result = await orders.submit(order)
    return _json(status, result)


@router.get("/api/trades", dependencies=[require_scope(READ)], response_model=OrderPage, responses={422: QUERY_INVALID, **refusal_responses(READ)}, summary="Orders, newest first, paged",
            description="Reads the gateway's `orders` table. Page with `limit` and `before` (the `next_before` of the previous page).")
async def list_orders(symbol: str | None = None, status: str | None = None, limit: str = "50", before: str | None = None,
                      repository: OrderRepository = Depends(order_repository)):
    errors = []
    if not limit.isdigit() or not 1 <= int(limit) <= PAGE_LIMIT_MAX:
        errors.append({"field": "limit", "reason": f"must be a whole number from 1 to {PAGE_LIMIT_MAX} (example: ?limit=50)"})
    if symbol is not None and not SYMBOL.matches(symbol.upper()):
        errors.append({"field": "symbol", "reason": f"must be {SYMBOL.description} (example: ?symbol={SYMBOL.example})"})
    if status is not None and status not in ORDER_STATUSES:
        errors.append({"field": "status", "reason": f"must be one of {', '.join(ORDER_STATUSES)} (example: ?status=filled)"})
    cursor = None
    if before is not None:
        try:
            cursor = decode_cursor(before)
        except InvalidCursor:
            errors.append({"field": "before", "reason": "must be the next_before value of a previous page, unchanged"})
    if errors:
        return _json(422, error_body("validation_failed", "The query is invalid; see errors.", errors))
    size = int(limit)
    rows = await repository.page(symbol.upper() if symbol else None, status, size, cursor)
    page = rows[:size]
    more = len(rows) > size
    return _json(200, {"items": [order_from_row(row) for row in page], "limit": size,
                       "next_before": encode_cursor(page[-1]["created_at"], page[-1]["id"]) if more else None})


@router.get("/api/trades/{order_id}", dependencies=[require_scope(READ)], response_model=Order, summary="One order by id",
            responses={404: error_response("No order has this id.", "not_found", "No order with id 0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10."),
                       422: error_response("The id is not a UUID.", "validation_failed", "The order id is invalid; see errors.",
                                           [{"field": "order_id", "reason": "must be a UUID (example: 0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10)"}]),
                       **refusal_responses(READ)})
async def get_order(order_id: str, repository: OrderRepository = Depends(order_repository)):
    try:
        parsed = uuid.UUID(order_id)
    except ValueError:
        return _json(422, error_body("validation_failed", "The order id is invalid; see errors.",
                                     [{"field": "order_id", "reason": "must be a UUID (example: 0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10)"}]))
    row = await repository.by_id(parsed)
    return _json(200, order_from_row(row)) if row else _json(404, error_body("not_found", f"No order with id {order_id}."))
