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


def claims(**overrides) -> dict:
    """Claims of a token made when the test runs (not when the module is collected: a token made at collection
    expires after 60 s, and a long collection of the whole suite then made 'wrong_issuer' read 'expired')."""
    now = int(time.time())
    return {"iss": "trading-api", "sub": "t", "aud": "trading-api", "iat": now, "exp": now + 60, **overrides}


@pytest.mark.parametrize("make_token, reason", [
    (lambda: "not.a.jwt", "malformed"),
    (lambda: TokenSigner(KEY, clock=lambda: time.time() - 7200).issue("t", "trading-api", ["read"])[0], "expired"),
    (lambda: TokenSigner("o" * 40).issue("t", "trading-api", ["read"])[0], "invalid_signature"),
    (unsigned, "invalid_signature"),
    (lambda: jwt.encode(claims(), KEY, algorithm="HS512"), "invalid_signature"),
    (lambda: TokenSigner(KEY).issue("t", "gateway", ["read"])[0], "wrong_audience"),
    (lambda: jwt.encode(claims(iss="elsewhere"), KEY, algorithm="HS256"), "wrong_issuer"),
    (lambda: jwt.encode({key: value for key, value in claims().items() if key != "sub"}, KEY, algorithm="HS256"), "malformed"),
], ids=["not_a_jwt", "expired", "other_key", "unsigned", "hs512", "wrong_audience", "wrong_issuer", "no_subject"])
def test_each_bad_token_is_refused_by_name(make_token, reason):
    token = make_token()
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
