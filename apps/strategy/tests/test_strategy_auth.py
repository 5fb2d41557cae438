"""The strategy authenticates with client credentials: one token for many orders, a new one before expiry and after
a 401, the refusal of wrong credentials passed on and logged, each token request a client span of its own in the trace of
the order attempt that needed it. trading-api's answers are played by an httpx transport
that checks what real trading-api checks (Basic credentials, the bearer token); the clock is faked."""
import asyncio
import base64
import logging

import httpx

from strategy.auth import ClientCredentials
from strategy.orders import OrderSubmitter
from tradingaspire_common.tracing import SPAN_KIND_CLIENT, STATUS_ERROR, STATUS_UNSET, Tracer, parse_traceparent

ORDER = {"client_order_id": "strategy-1", "symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.01}


class TokenServer:
    """POST /auth/token (client_credentials, Basic strategy:secret) issues token-1, token-2...; POST /api/trades
    answers 201 for the current token, 401 for any other (`revoke()` makes the current one stale)."""

    def __init__(self, expires_in: int = 3600):
        self.expires_in = expires_in
        self.issued: list[str] = []
        self.valid: str | None = None
        self.seen: list[tuple[str, str | None]] = []
        self.traceparents: list[tuple[str, str | None]] = []

    def revoke(self):
        self.valid = None

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append((request.url.path, request.headers.get("authorization")))
        self.traceparents.append((request.url.path, request.headers.get("traceparent")))
        if request.url.path == "/auth/token":
            assert request.content == b"grant_type=client_credentials"
            if request.headers.get("authorization") != "Basic " + base64.b64encode(b"strategy:secret").decode():
                return httpx.Response(401, json={"error": "invalid_client", "message": "The client id or secret is wrong."})
            self.valid = f"token-{len(self.issued) + 1}"
            self.issued.append(self.valid)
            return httpx.Response(200, json={"access_token": self.valid, "token_type": "Bearer", "expires_in": self.expires_in, "scope": "read trade"})
        if request.headers.get("authorization") != f"Bearer {self.valid}":
            return httpx.Response(401, headers={"www-authenticate": 'Bearer realm="trading-api", error="invalid_token"'}, json={"error": "invalid_token"})
        return httpx.Response(201, json={"status": "filled", "filled_quantity": 0.01})


def submitter_for(server: TokenServer, secret: str = "secret", clock=lambda: 0.0, tracer: Tracer | None = None,
                  handle=None) -> tuple[OrderSubmitter, ClientCredentials]:
    """`tracer` (default: a sink-less one) serves the order attempts and the token requests; `handle` replaces the server's."""
    tracer = tracer or Tracer()
    auth = ClientCredentials("strategy", secret, clock=clock, tracer=tracer)

    async def no_sleep(_):
        return None
    client = httpx.AsyncClient(base_url="http://api:8000", transport=httpx.MockTransport(handle or server.handle), auth=auth)
    return OrderSubmitter("http://api:8000", attempts=2, sleep=no_sleep, client=client, tracer=tracer), auth


def submit_all(submitter: OrderSubmitter, count: int) -> list:
    async def run():
        try:
            return [await submitter.submit({**ORDER, "client_order_id": f"strategy-{i}"}) for i in range(count)]
        finally:
            await submitter.close()
    return asyncio.run(run())


def test_one_token_serves_many_orders():
    server = TokenServer()
    submitter, auth = submitter_for(server)
    results = submit_all(submitter, 3)
    assert [r["status"] for r in results] == ["filled"] * 3
    assert server.issued == ["token-1"] and auth.tokens_fetched == 1
    assert [path for path, _ in server.seen] == ["/auth/token", "/api/trades", "/api/trades", "/api/trades"]
    assert all(header == "Bearer token-1" for path, header in server.seen if path == "/api/trades")


def test_the_token_is_renewed_when_four_fifths_of_its_life_are_gone():
    server = TokenServer(expires_in=100)
    now = [0.0]
    submitter, _ = submitter_for(server, clock=lambda: now[0])

    async def run():
        try:
            first = await submitter.submit(ORDER)
            now[0] = 79.0
            second = await submitter.submit(ORDER)
            now[0] = 80.0
            third = await submitter.submit(ORDER)
            return first, second, third
        finally:
            await submitter.close()
    assert all(r["status"] == "filled" for r in asyncio.run(run()))
    assert server.issued == ["token-1", "token-2"]
    assert [header for path, header in server.seen if path == "/api/trades"] == ["Bearer token-1", "Bearer token-1", "Bearer token-2"]


def test_a_401_gets_a_new_token_and_the_order_is_sent_again_once():
    server = TokenServer()
    submitter, _ = submitter_for(server)

    async def run():
        try:
            await submitter.submit(ORDER)
            server.revoke()  # e.g. the signing key was rotated
            return await submitter.submit(ORDER)
        finally:
            await submitter.close()
    assert asyncio.run(run())["status"] == "filled"
    assert [path for path, _ in server.seen] == ["/auth/token", "/api/trades", "/api/trades", "/auth/token", "/api/trades"]
    assert server.seen[-1] == ("/api/trades", "Bearer token-2")


def test_a_token_request_is_a_client_span_under_the_order_attempt_that_needed_it_and_carries_its_traceparent():
    server = TokenServer()
    spans = []
    tracer = Tracer(spans.append)
    submitter, _ = submitter_for(server, tracer=tracer)

    async def run():
        try:
            for _ in range(2):
                with tracer.start_span("signal"):
                    await submitter.submit(ORDER)
                server.revoke()  # the second order's first try is refused: a new token, the order again
        finally:
            await submitter.close()
    asyncio.run(run())
    attempts = [span for span in spans if span.name == "POST /api/trades"]
    signals = [span for span in spans if span.name == "signal"]
    tokens = [span for span in spans if span.name == "POST /auth/token"]
    assert len(attempts) == 2 and len(tokens) == 2 and signals[0].trace_id != signals[1].trace_id
    assert [(path, parse_traceparent(traceparent)) for path, traceparent in server.traceparents] == [
        ("/auth/token", (signals[0].trace_id, tokens[0].span_id)), ("/api/trades", (signals[0].trace_id, attempts[0].span_id)),
        ("/api/trades", (signals[1].trace_id, attempts[1].span_id)), ("/auth/token", (signals[1].trace_id, tokens[1].span_id)),
        ("/api/trades", (signals[1].trace_id, attempts[1].span_id))]
    for token, attempt in zip(tokens, attempts):
        assert (token.trace_id, token.parent_span_id, token.kind, token.status_code) == (attempt.trace_id, attempt.span_id, SPAN_KIND_CLIENT, STATUS_UNSET)
        assert token.attributes == {"http.request.method": "POST", "server.address": "api", "server.port": 8000, "http.response.status_code": 200}
        assert attempt.start_ns <= token.start_ns <= token.end_ns <= attempt.end_ns


def test_wrong_credentials_are_logged_and_no_order_is_sent(caplog):
    caplog.set_level(logging.INFO)
    server = TokenServer()
    spans = []
    submitter, _ = submitter_for(server, secret="wrong", tracer=Tracer(spans.append))
    assert submit_all(submitter, 1) == [None]
    assert [path for path, _ in server.seen] == ["/auth/token", "/auth/token"]  # each of the 2 attempts asks again
    refused = [r for r in caplog.records if r.name == "strategy.auth"]
    assert [r.getMessage() for r in refused] == ["trading-api refused the strategy's client credentials"] * 2
    assert refused[0].status == 401 and "secret" not in refused[0].body.replace("The client id or secret is wrong.", "")
    tokens = [span for span in spans if span.name == "POST /auth/token"]
    assert [(s.status_code, s.status_message, s.attributes["http.response.status_code"]) for s in tokens] == [(STATUS_ERROR, "HTTP 401", 401)] * 2


def test_a_token_request_that_gets_no_answer_ends_its_span_with_an_error():
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("All connection attempts failed", request=request)
    spans = []
    submitter, _ = submitter_for(TokenServer(), tracer=Tracer(spans.append), handle=unreachable)
    assert submit_all(submitter, 1) == [None]
    tokens = [span for span in spans if span.name == "POST /auth/token"]
    attempts = [span for span in spans if span.name == "POST /api/trades"]
    assert [(t.parent_span_id, t.status_code, t.status_message) for t in tokens] == [
        (a.span_id, STATUS_ERROR, "no answer (the request raised)") for a in attempts] and len(attempts) == 2
    assert all(t.end_ns is not None and "http.response.status_code" not in t.attributes for t in tokens)
    assert [a.parent_span_id for a in attempts] == [None, None]  # the token span did not stay the current span
    assert attempts[0].status_message == "ConnectError: All connection attempts failed"


def test_a_token_request_that_gets_no_answer_ends_its_span_before_the_attempt_even_while_its_flow_is_referenced():
    """The span ends when httpx closes the flow, not when CPython collects the sync generator (kept alive here)."""
    def unreachable(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("All connection attempts failed", request=request)
    spans = []
    submitter, auth = submitter_for(TokenServer(), tracer=Tracer(spans.append), handle=unreachable)
    flows = []
    sync_flow = auth.auth_flow
    auth.auth_flow = lambda request: flows.append(sync_flow(request)) or flows[-1]
    assert submit_all(submitter, 1) == [None] and len(flows) == 2
    tokens = [span for span in spans if span.name == "POST /auth/token"]
    attempts = [span for span in spans if span.name == "POST /api/trades"]
    assert [(t.parent_span_id, t.status_message) for t in tokens] == [(a.span_id, "no answer (the request raised)") for a in attempts]
    assert all(a.start_ns <= t.end_ns <= a.end_ns for t, a in zip(tokens, attempts))
    assert [a.parent_span_id for a in attempts] == [None, None]


def test_the_client_secret_is_required_and_never_shown():
    import pytest

    from strategy.settings import load_client
    from tradingaspire_common.config import ConfigError
    with pytest.raises(ConfigError, match="^AUTH_CLIENT_SECRET is not set. The AppHost sets it from its parameter 'strategy-client-secret'"):
        load_client({})
    settings = load_client({"AUTH_CLIENT_SECRET": "s3cret-value"})
    assert (settings.client_id, settings.client_secret) == ("strategy", "s3cret-value") and "s3cret" not in repr(settings)
