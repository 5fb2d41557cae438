"""Authentication: every /api route refuses a missing, malformed, expired, forged (another key, `alg: none`),
wrong-audience or scope-lacking token with the right status, WWW-Authenticate and message; POST /auth/token's
grants, refusals and lock-out against a real Redis; the security log records; the gateway gets trading-api's own
token, never the caller's. Through the ASGI app with the real routers."""
import asyncio
import base64
import json
import logging
import time

import httpx
import jwt
import pytest
import redis.asyncio as aioredis

from api_app import SETTINGS, ApiUnderTest
from fake_gateway import FakeGateway
from trading_api import dependencies
from tradingaspire_common.testing.auth import SIGNING_KEY, STRATEGY_CLIENT_ID, STRATEGY_CLIENT_SECRET, TRADER_PASSWORD, bearer
from tradingaspire_common.testing.servers import redis_server
from tradingaspire_common.tokens import READ, TRADE, TokenSigner
REALM = 'Bearer realm="trading-api"'
ORDER = {"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.5, "client_order_id": "auth-1"}


def make_app(redis_url: str | None = None, gateway_url: str = "http://127.0.0.1:9") -> ApiUnderTest:
    return ApiUnderTest(gateway_url, redis_url=redis_url)


def call(api: ApiUnderTest, requests: list[tuple[str, str, dict]]) -> list[httpx.Response]:
    """(method, path, httpx keyword arguments) in order, each answered by the app."""
    async def run():
        try:
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=api.app), base_url="http://api") as client:
                return [await client.request(method, path, **kwargs) for method, path, kwargs in requests]
        finally:
            await api.close()
    return asyncio.run(run())


def api_routes() -> list[tuple[str, str, str]]:
    """(method, concrete path, scope it needs) of every /api route the app serves."""
    examples = {"{order_id}": "0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10", "{symbol}": "BTCUSDT"}
    routes = []
    for route in make_app().app.routes:
        if getattr(route, "path", "").startswith("/api"):
            path = route.path
            for placeholder, value in examples.items():
                path = path.replace(placeholder, value)
            for method in sorted(route.methods):
                routes.append((method, path, TRADE if method == "POST" else READ))
    return routes


ROUTES = api_routes()


def unsigned_token() -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'none', 'typ': 'JWT'})}.{part({'iss': 'trading-api', 'sub': 'trader', 'aud': 'trading-api', 'scope': 'read trade', 'iat': 2_000_000_000, 'exp': 2_000_003_600})}."


def expired_token() -> str:
    token, _ = TokenSigner(SIGNING_KEY, clock=lambda: 1_000_000_000).issue("trader", "trading-api", (READ, TRADE))
    return token


def test_the_routes_under_test_are_every_api_route():
    assert sorted((m, p) for m, p, _ in ROUTES) == [
        ("GET", "/api/instruments"), ("GET", "/api/market/BTCUSDT"), ("GET", "/api/market/BTCUSDT/history"), ("GET", "/api/positions"), ("GET", "/api/trades"),
        ("GET", "/api/trades/0b6c1e9e-5d2f-4f7c-9a51-2f0d7c1e4a10"), ("POST", "/api/trades")]


REFUSALS = [
    ("missing", {}, REALM, "token_missing"),
    ("not bearer", {"authorization": f"Basic {base64.b64encode(b'trader:x').decode()}"}, REALM, "token_missing"),
    ("malformed", {"authorization": "Bearer not-a-jwt"}, f'{REALM}, error="invalid_token", error_description="the token is malformed '
                                                        '(expected a JWT: three base64url parts separated by dots, with the claims iss, sub, aud, scope, iat, exp)"', "invalid_token"),
    ("expired", {"authorization": f"Bearer {expired_token()}"}, f'{REALM}, error="invalid_token", error_description="the token has expired"', "invalid_token"),
    ("another key", bearer(key="another-key-0123456789abcdef0123456789abcdef"),
     f'{REALM}, error="invalid_token", error_description="the token\'s signature is not valid"', "invalid_token"),
    ("alg none", {"authorization": f"Bearer {unsigned_token()}"}, f'{REALM}, error="invalid_token", error_description="the token\'s signature is not valid"', "invalid_token"),
    ("wrong audience", bearer(audience="gateway"),
     f'{REALM}, error="invalid_token", error_description="the token is not meant for this service (audience)"', "invalid_token"),
]


@pytest.mark.parametrize("method, path, scope", ROUTES)
@pytest.mark.parametrize("case, headers, challenge, error", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_every_api_route_refuses_a_bad_token_with_401_and_a_challenge(method, path, scope, case, headers, challenge, error, caplog):
    caplog.set_level(logging.INFO, logger="security")
    response, = call(make_app(), [(method, path, {"headers": headers, "json": ORDER if method == "POST" else None})])
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == challenge
    assert response.json()["error"] == error and response.json()["errors"] == []
    assert "signature verification" not in response.text.lower()
    record, = [r for r in caplog.records if r.name == "security"]
    assert (record.levelname, record.event, record.route, record.client_address) == ("WARNING", "token_refused", f"{method} {path}", "127.0.0.1")


@pytest.mark.parametrize("method, path, scope", ROUTES)
def test_every_api_route_refuses_a_token_lacking_its_scope_with_403(method, path, scope, caplog):
    caplog.set_level(logging.INFO, logger="security")
    other = READ if scope == TRADE else TRADE
    response, = call(make_app(), [(method, path, {"headers": bearer(scopes=(other,)), "json": ORDER if method == "POST" else None})])
    assert response.status_code == 403
    assert response.headers["www-authenticate"] == f'{REALM}, error="insufficient_scope", scope="{scope}"'
    assert response.json() == {"error": "insufficient_scope", "errors": [], "message":
                               f"The access token lacks the scope '{scope}' that {method} {path} needs (it has: {other}). Ask POST /auth/token for scope '{scope}'."}
    record, = [r for r in caplog.records if r.name == "security"]
    assert (record.event, record.subject, record.scope) == ("scope_refused", "trader", scope)


def test_the_messages_say_which_refusal_it_is():
    missing, expired = call(make_app(), [("GET", "/api/positions", {}), ("GET", "/api/positions", {"headers": {"authorization": f"Bearer {expired_token()}"}})])
    assert missing.json()["message"] == ("No access token: send 'Authorization: Bearer <token>' with a token from POST /auth/token "
                                         "(example: curl -d grant_type=password -d username=trader -d password=... localhost:8000/auth/token).")
    assert expired.json()["message"] == "The access token is refused: the token has expired. Get a new one from POST /auth/token."


def test_health_and_alive_need_no_token():
    api = make_app()
    api.app.dependency_overrides[dependencies.health_monitor] = lambda: type("Health", (), {"latest": staticmethod(lambda: asyncio.sleep(0, (200, {"status": "healthy"})))})()
    health, alive, metrics = call(api, [("GET", "/health", {}), ("GET", "/alive", {}), ("GET", "/metrics", {})])
    assert (health.status_code, alive.status_code, metrics.status_code) == (200, 200, 200)
    assert "http_requests_total" in metrics.text


def test_the_gateway_gets_trading_apis_own_token_not_the_callers():
    gateway = FakeGateway()
    response, = call(make_app(gateway_url=gateway.url), [("POST", "/api/trades", {"headers": bearer(), "json": ORDER})])
    assert response.status_code == 201
    scheme, token = gateway.headers[0]["authorization"].split(" ")
    claims = jwt.decode(token, SIGNING_KEY, algorithms=["HS256"], audience="gateway")
    assert (scheme, claims["sub"], claims["aud"], claims["scope"], claims["iss"]) == ("Bearer", "trading-api", "gateway", "read trade", "trading-api")
    assert claims["exp"] - claims["iat"] == 3600


@pytest.fixture(scope="module")
def redis_url():
    with redis_server("pw") as port:
        yield f"redis://:pw@127.0.0.1:{port}/0"


@pytest.fixture(autouse=True)
def clean_redis(request):
    if "redis_url" in request.fixturenames:
        async def flush():
            client = aioredis.from_url(request.getfixturevalue("redis_url"))
            await client.flushall()
            await client.close()
        asyncio.run(flush())


def form(**fields) -> dict:
    return {"data": fields}


def test_a_trader_logs_in_with_the_password_grant_and_the_token_opens_the_api(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="security")
    app = make_app(redis_url)
    login, = call(app, [("POST", "/auth/token", form(grant_type="password", username="trader", password=TRADER_PASSWORD))])
    assert login.status_code == 200 and login.headers["cache-control"] == "no-store"
    body = login.json()
    assert (body["token_type"], body["expires_in"], body["scope"]) == ("Bearer", 3600, "read trade")
    claims = TokenSigner(SIGNING_KEY).verify(body["access_token"], "trading-api")
    assert (claims.subject, claims.scopes) == ("trader", frozenset({"read", "trade"}))
    record, = [r for r in caplog.records if r.name == "security"]
    assert (record.levelname, record.event, record.user, record.client_address, record.getMessage()) == \
        ("INFO", "login_succeeded", "trader", "127.0.0.1", "login succeeded: user 'trader'")


def test_a_wrong_password_is_refused_and_audited_with_user_and_client_address(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="security")
    refused, = call(make_app(redis_url), [("POST", "/auth/token", {**form(grant_type="password", username="trader", password="guess"),
                                                                   "headers": {"x-forwarded-for": "192.0.2.7"}})])
    assert refused.status_code == 400
    assert refused.json() == {"error": "invalid_grant", "error_description": "The user name or password is wrong.",
                              "message": "The user name or password is wrong.", "errors": []}
    record, = [r for r in caplog.records if r.name == "security"]
    assert (record.levelname, record.event, record.user, record.client_address, record.failures) == \
        ("WARNING", "login_failed", "trader", "192.0.2.7 via 127.0.0.1", 1)
    assert "guess" not in caplog.text


def test_repeated_failures_lock_the_user_for_a_while_even_with_the_right_password_and_it_is_logged(redis_url, caplog):
    caplog.set_level(logging.INFO, logger="security")
    wrong = ("POST", "/auth/token", form(grant_type="password", username="trader", password="guess"))
    right = ("POST", "/auth/token", form(grant_type="password", username="trader", password=TRADER_PASSWORD))
    *failures, locked = call(make_app(redis_url), [wrong, wrong, wrong, right])
    assert [r.status_code for r in failures] == [400, 400, 400]
    assert locked.status_code == 429 and 55 <= int(locked.headers["retry-after"]) <= 60
    assert locked.json()["error"] == "too_many_attempts"
    assert locked.json()["message"] == f"Too many failed logins for 'trader': locked for {locked.headers['retry-after']} more seconds. Try again after that."
    events = [(r.event, getattr(r, "failures", None)) for r in caplog.records if r.name == "security"]
    assert events == [("login_failed", 1), ("login_failed", 2), ("login_failed", 3), ("login_locked", 3), ("login_refused_locked", None)]


def test_a_success_resets_the_count_of_failures(redis_url):
    wrong = ("POST", "/auth/token", form(grant_type="password", username="trader", password="guess"))
    right = ("POST", "/auth/token", form(grant_type="password", username="trader", password=TRADER_PASSWORD))
    answers = call(make_app(redis_url), [wrong, wrong, right, wrong, wrong, right])
    assert [r.status_code for r in answers] == [400, 400, 200, 400, 400, 200]


def test_the_strategy_gets_a_token_with_client_credentials_in_the_form_or_as_basic(redis_url):
    basic = base64.b64encode(f"{STRATEGY_CLIENT_ID}:{STRATEGY_CLIENT_SECRET}".encode()).decode()
    in_form, as_basic, wrong = call(make_app(redis_url), [
        ("POST", "/auth/token", form(grant_type="client_credentials", client_id="strategy", client_secret=STRATEGY_CLIENT_SECRET)),
        ("POST", "/auth/token", {**form(grant_type="client_credentials"), "headers": {"authorization": f"Basic {basic}"}}),
        ("POST", "/auth/token", form(grant_type="client_credentials", client_id="strategy", client_secret="guess"))])
    for answer in (in_form, as_basic):
        assert answer.status_code == 200
        assert TokenSigner(SIGNING_KEY).verify(answer.json()["access_token"], "trading-api").subject == "strategy"
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == 'Basic realm="trading-api"'
    assert wrong.json()["error"] == "invalid_client"


def test_a_trader_token_is_exchanged_for_a_read_only_gateway_token_and_never_for_trade(redis_url):
    subject = bearer()["authorization"].split(" ")[1]
    exchange = "urn:ietf:params:oauth:grant-type:token-exchange"
    read, trade, forged = call(make_app(redis_url), [
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=subject, audience="gateway")),
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=subject, audience="gateway", scope="read trade")),
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=unsigned_token(), audience="gateway"))])
    assert read.status_code == 200 and read.json()["scope"] == "read"
    claims = TokenSigner(SIGNING_KEY).verify(read.json()["access_token"], "gateway")
    assert (claims.subject, claims.scopes) == ("trader", frozenset({"read"}))
    assert trade.status_code == 400 and trade.json()["error"] == "invalid_scope"
    assert forged.status_code == 400 and forged.json()["message"] == "The subject token is refused: the token's signature is not valid. Log in again."


@pytest.mark.parametrize("kwargs, status, error", [
    ({"json": {"grant_type": "password"}}, 400, "invalid_request"),
    (form(grant_type="password", username="trader"), 400, "invalid_request"),
    (form(grant_type="authorization_code", code="x"), 400, "unsupported_grant_type"),
    (form(grant_type="password", username="trader", password=TRADER_PASSWORD, scope="admin"), 400, "invalid_scope"),
])
def test_a_bad_token_request_is_refused_naming_what_is_wrong(redis_url, kwargs, status, error):
    response, = call(make_app(redis_url), [("POST", "/auth/token", kwargs)])
    assert (response.status_code, response.json()["error"]) == (status, error)
    assert response.json()["message"] == response.json()["error_description"] and response.json()["message"]


def test_a_token_is_renewed_by_exchange_keeping_its_login_time_until_the_session_is_over(redis_url):
    exchange = "urn:ietf:params:oauth:grant-type:token-exchange"
    login_time = int(time.time()) - SETTINGS.session_seconds + 30  # logged in almost a session ago
    recent, _ = TokenSigner(SIGNING_KEY, clock=lambda: login_time + 0).issue("trader", "trading-api", (READ, TRADE), lifetime_seconds=SETTINGS.session_seconds)
    over, _ = TokenSigner(SIGNING_KEY, clock=lambda: login_time - 60).issue("trader", "trading-api", (READ, TRADE), lifetime_seconds=SETTINGS.session_seconds + 120)
    trade_only = bearer(scopes=(TRADE,))["authorization"].split(" ")[1]
    renewed, refused, no_read = call(make_app(redis_url), [
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=recent, audience="trading-api")),
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=over, audience="trading-api")),
        ("POST", "/auth/token", form(grant_type=exchange, subject_token=trade_only, audience="gateway"))])
    assert renewed.status_code == 200 and renewed.json()["scope"] == "read trade"
    assert 25 <= renewed.json()["expires_in"] <= 30  # not beyond the session's end
    claims = TokenSigner(SIGNING_KEY).verify(renewed.json()["access_token"], "trading-api")
    assert (claims.subject, claims.authenticated_at) == ("trader", login_time)
    assert refused.status_code == 400 and refused.json()["message"] == "The session that token belongs to started over 12 hours ago; log in again."
    assert no_read.status_code == 400 and no_read.json()["error"] == "invalid_scope"
