"""GET /api/positions: the gateway's net position per symbol."""
from fastapi import APIRouter, Depends

from tradingaspire_common.tokens import READ

from .access import refusal_responses, require_scope
from .decimal_json import DecimalJSONResponse
from .dependencies import order_repository
from .repository import OrderRepository
from .schemas import Position

router = APIRouter(tags=["positions"])


@router.get("/api/positions", dependencies=[require_scope(READ)], responses=refusal_responses(READ), response_model=list[Position], summary="Net position per symbol")
async def positions(repository: OrderRepository = Depends(order_repository)):
    return DecimalJSONResponse(await repository.positions())
