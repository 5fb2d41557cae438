"""tokens.TokenSigner (python3-jwt, HS256): what it issues, each refusal by name, the cache of checked tokens (expiry
still checked on every call, with a fake clock), and ServiceToken's renewal."""
import base64
import json
import time

import jwt
import pytest

from tradingaspire_common.tokens import LEEWAY_SECONDS, ServiceToken, TokenRefused, TokenSigner

KEY = "k" * 40


def test_an_issued_token_carries_the_documented_claims_and_checks_back():
    token, lifetime = TokenSigner(KEY, 600).issue("trader", "trading-api", ["trade", "read"])
    raw = jwt.decode(token, KEY, algorithms=["HS256"], audience="trading-api")
    assert jwt.get_unverified_header(token)["alg"] == "HS256" and lifetime == 600
    assert (raw["iss"], raw["sub"], raw["aud"], raw["scope"], raw["exp"] - raw["iat"], raw["auth_time"]) == \
        ("trading-api", "trader", "trading-api", "read trade", 600, raw["iat"])
    claims = TokenSigner(KEY).verify(token, "trading-api")
    assert (claims.subject, claims.scopes, claims.authenticated_at) == ("trader", frozenset({"read", "trade"}), raw["iat"])


def unsigned() -> str:
    part = lambda value: base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()  # noqa: E731
    now = int(time.time())
    return f"{part({'alg': 'none'})}.{part({'iss': 'trading-api', 'sub': 'x', 'aud': 'trading-api', 'scope': 'read', 'iat': now, 'exp': now + 60})}."


@pytest.mark.parametrize("token, reason", [
    ("not.a.jwt", "malformed"),
    (TokenSigner(KEY, clock=lambda: time.time() - 7200).issue("t", "trading-api", ["read"])[0], "expired"),
    (TokenSigner("o" * 40).issue("t", "trading-api", ["read"])[0], "invalid_signature"),
    (unsigned(), "invalid_signature"),
    (jwt.encode({"iss": "trading-api", "sub": "t", "aud": "trading-api", "iat": int(time.time()), "exp": int(time.time()) + 60}, KEY, algorithm="HS512"), "invalid_signature"),
    (TokenSigner(KEY).issue("t", "gateway", ["read"])[0], "wrong_audience"),
    (jwt.encode({"iss": "elsewhere", "sub": "t", "aud": "trading-api", "iat": int(time.time()), "exp": int(time.time()) + 60}, KEY, algorithm="HS256"), "wrong_issuer"),
    (jwt.encode({"iss": "trading-api", "aud": "trading-api", "iat": int(time.time()), "exp": int(time.time()) + 60}, KEY, algorithm="HS256"), "malformed"),
])
def test_each_bad_token_is_refused_by_name(token, reason):
    with pytest.raises(TokenRefused) as refused:
        TokenSigner(KEY).verify(token, "trading-api")
    assert refused.value.reason == reason


def test_a_cached_token_is_still_refused_once_it_expires():
    now = [time.time()]
    signer = TokenSigner(KEY, 60, clock=lambda: now[0])
    token, _ = signer.issue("t", "trading-api", ["read"])
    first = signer.verify(token, "trading-api")
    assert signer.verify(token, "trading-api") is first  # answered from the cache
    now[0] += 60 + LEEWAY_SECONDS
    with pytest.raises(TokenRefused, match="the token has expired"):
        signer.verify(token, "trading-api")


def test_a_short_key_is_refused_with_how_to_make_one():
    with pytest.raises(ValueError, match="at least 32 characters .* example: the signing key=\\$\\(openssl rand -hex 32\\)"):
        TokenSigner("short")


def test_a_service_token_is_issued_again_when_four_fifths_of_its_life_are_gone():
    now = [1_000_000.0]
    service = ServiceToken(TokenSigner(KEY, 100, clock=lambda: now[0]), "trading-api", "gateway", ["read", "trade"], clock=lambda: now[0])
    first = service.header()
    now[0] += 79
    assert service.header() == first
    now[0] += 1
    assert service.header() != first and service.header().startswith("Bearer ")
