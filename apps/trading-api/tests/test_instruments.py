"""GET /api/instruments: trading-api passes on the gateway's list (the agreed answer of eng/contracts/cross-service.json
for its default options) with its own service token, and says so when the gateway does not answer or fails."""
import asyncio

import httpx
import jwt
from aiohttp import web

from api_app import ApiUnderTest
from fake_gateway import AGREED_INSTRUMENTS, FakeGateway
from tradingaspire_common.testing.auth import SIGNING_KEY, bearer
from tradingaspire_common.tokens import READ


def get_instruments(api: ApiUnderTest) -> httpx.Response:
    async def run():
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://api") as client:
                return await client.get("/api/instruments", headers=bearer(scopes=(READ,)))
        finally:
            await api.close()
    return asyncio.run(run())


def test_the_gateways_instruments_are_answered_as_they_came_with_trading_apis_own_token():
    gateway = FakeGateway()
    response = get_instruments(ApiUnderTest(gateway.url))
    assert response.status_code == 200
    assert response.json() == AGREED_INSTRUMENTS
    claims = jwt.decode(gateway.headers[0]["authorization"].split(" ")[1], SIGNING_KEY, algorithms=["HS256"], audience="gateway")
    assert claims["sub"] == "trading-api"


def test_an_unreachable_gateway_is_503_saying_to_try_again():
    gateway = FakeGateway()
    gateway.stop_listening()
    response = get_instruments(ApiUnderTest(gateway.url))
    assert response.status_code == 503
    assert response.json() == {"error": "gateway_unavailable", "errors": [], "message":
                               "The execution gateway could not be reached or did not answer (ConnectError: All connection attempts failed); try again."}


def test_a_failing_gateway_is_502_naming_its_status():
    gateway = FakeGateway()
    gateway.instruments_answer = web.Response(status=500, text="boom")
    response = get_instruments(ApiUnderTest(gateway.url))
    assert response.status_code == 502
    assert response.json()["message"] == "The execution gateway failed: the gateway answered HTTP 500 to GET /api/instruments."
