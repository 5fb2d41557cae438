"""GatewayClient over real HTTP against fake_gateway.FakeGateway: keep-alive reuse, the connection limit, the
traceparent and client span of each order, exact decimals out and in, GET /alive."""
import asyncio
from decimal import Decimal

from fake_gateway import FakeGateway
from trading_api.gateway import GatewayClient
from tradingaspire_common.tracing import SPAN_KIND_CLIENT, Tracer, parse_traceparent

SERVICE_AUTHORIZATION = "Bearer service-token-of-trading-api"
ORDER = {"client_order_id": "gc-1", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": Decimal("0.1234567891"), "limit_price": None}


def run_with(gateway: FakeGateway, scenario, **options):
    """scenario(client) in a fresh event loop with a GatewayClient on `gateway`, closed afterwards; (result, spans)."""
    spans = []

    async def run():
        client = GatewayClient(gateway.url, Tracer(spans.append), lambda: SERVICE_AUTHORIZATION, **options)
        try:
            return await scenario(client)
        finally:
            await client.close()
    return asyncio.run(run()), spans


def test_sequential_orders_reuse_one_kept_alive_connection_and_carry_their_span_as_traceparent():
    gateway = FakeGateway()

    async def three_orders(client):
        return [await client.submit({**ORDER, "client_order_id": f"gc-{i}"}) for i in range(3)]
    answers, spans = run_with(gateway, three_orders)
    assert [status for status, _ in answers] == [201, 201, 201]
    assert answers[0][1]["order"]["quantity"] == Decimal("0.1234567891")
    assert gateway.requests[0] == (b'{"client_order_id": "gc-0", "symbol": "BTCUSDT", "side": "buy", "type": "market", '
                                   b'"quantity": 0.1234567891, "limit_price": null}')
    assert len(gateway.peers) == 3 and len(set(gateway.peers)) == 1
    assert [s.name for s in spans] == ["POST /api/orders"] * 3
    assert all(s.kind == SPAN_KIND_CLIENT and s.attributes["http.status_code"] == 201 for s in spans)
    assert [parse_traceparent(h["traceparent"]) for h in gateway.headers] == [(s.trace_id, s.span_id) for s in spans]
    assert all(h["content-type"] == "application/json" for h in gateway.headers)
    assert [h["authorization"] for h in gateway.headers] == [SERVICE_AUTHORIZATION] * 3


def test_concurrent_orders_use_at_most_max_connections():
    gateway = FakeGateway()
    gateway.delay = 0.05  # every order is in flight at once

    async def eight_orders(client):
        return await asyncio.gather(*(client.submit({**ORDER, "client_order_id": f"gc-{i}"}) for i in range(8)))
    answers, _ = run_with(gateway, eight_orders, max_connections=2)
    assert [status for status, _ in answers] == [201] * 8
    assert len(set(gateway.peers)) == 2


def test_alive_is_true_on_200_and_says_why_not_otherwise():
    gateway = FakeGateway()

    async def alive(client):
        return await client.alive()
    assert run_with(gateway, alive)[0] == (True, None)
    gateway.alive_status = 503
    assert run_with(gateway, alive)[0] == (False, f"gateway answered GET {gateway.url}/alive with HTTP 503, status 'Unhealthy' (limit 1 s)")
    gateway.stop_listening()
    assert run_with(gateway, alive)[0] == (False, f"gateway refused the connection for GET {gateway.url}/alive (ConnectError: connection refused; limit 1 s)")


def test_an_unreachable_gateway_marks_the_client_span_as_an_error():
    gateway = FakeGateway()
    gateway.stop_listening()

    async def submit(client):
        try:
            await client.submit(ORDER)
        except Exception as error:
            return f"{type(error).__name__}: {error}"
    failure, spans = run_with(gateway, submit)
    assert failure == "GatewayUnavailable: ConnectError: All connection attempts failed"
    assert len(spans) == 1 and spans[0].status_message.endswith("ConnectError: All connection attempts failed")
    assert "http.status_code" not in spans[0].attributes
