"""GET /api/instruments: the symbols the gateway trades and their display precision, as the gateway serves them.

The gateway's `Gateway:Symbols` option is the one list of symbols (docs/configuration.md); trading-api asks the gateway
on each call (the UI asks once per page load) rather than keeping a copy, so the list cannot drift."""
from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from tradingaspire_common.tokens import READ

from .access import refusal_responses, require_scope
from .dependencies import gateway_client
from .gateway import GatewayClient, GatewayFailed, GatewayUnavailable
from .schemas import InstrumentList, error_response
from .validation import error_body

router = APIRouter(tags=["market"], dependencies=[require_scope(READ)], responses=refusal_responses(READ))


@router.get("/api/instruments", summary="Symbols the gateway trades, with their price and quantity precision",
            response_model=InstrumentList,
            responses={502: error_response("The gateway answered with an error or a body that is not the documented JSON.", "gateway_error",
                                           "The execution gateway failed: the gateway answered HTTP 500 to GET /api/instruments."),
                       503: error_response("The gateway is unreachable or timed out.", "gateway_unavailable",
                                           "The execution gateway could not be reached or did not answer (ConnectError: All connection attempts "
                                           "failed); try again.")})
async def instruments(gateway: GatewayClient = Depends(gateway_client)):
    try:
        return await gateway.instruments()
    except GatewayUnavailable as error:
        return JSONResponse(status_code=503, content=error_body(
            "gateway_unavailable", f"The execution gateway could not be reached or did not answer ({error}); try again."))
    except GatewayFailed as error:
        return JSONResponse(status_code=502, content=error_body("gateway_error", f"The execution gateway failed: {error}."))
