"""Signed access tokens: JSON Web Tokens (RFC 7519) signed with HMAC-SHA256 (HS256), made and checked by python3-jwt.

trading-api issues them (POST /auth/token) and checks them on its /api routes; the gateway checks the ones meant for
it with Microsoft.AspNetCore.Authentication.JwtBearer, with the same key, issuer and rules. A token's claims:

| claim | value |
|---|---|
| `iss` | `trading-api` (ISSUER) |
| `sub` | who: the trader's user name, or a service's client id (`strategy`, `trading-api`) |
| `aud` | the one service it is meant for: `trading-api` or `gateway` |
| `scope` | space-separated scopes (OAuth 2.0): `read` (orders, positions, market data, streams), `trade` (place orders) |
| `iat`, `exp` | issued at, expires at: Unix seconds (UTC) |
| `auth_time` | when the holder logged in (Unix seconds); a renewed token keeps it, so a session has an end |
| `jti` | a random id, so two tokens issued in the same second differ |

The key is a shared secret (AUTH_SIGNING_KEY, an Aspire parameter): at least 32 characters, used as its UTF-8 bytes.
"""
import secrets
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import jwt

ALGORITHM = "HS256"
ISSUER = "trading-api"
READ = "read"
TRADE = "trade"
SCOPES = {READ: "Read orders, positions, market data and the streams.", TRADE: "Place orders."}
MIN_KEY_LENGTH = 32
# Clocks of the issuing and the checking process may differ a little; a token is accepted this long past `exp`.
LEEWAY_SECONDS = 5
# Tokens already checked, kept so a client's next calls with the same token skip the decoding and HMAC (the same
# string always checks the same way; only expiry changes, and it is checked on every call).
VERIFIED_CACHE_SIZE = 1024


@dataclass(frozen=True)
class TokenClaims:
    """What a checked token says. `expires_at` and `issued_at` are Unix seconds (UTC)."""
    subject: str
    audience: str
    scopes: frozenset[str]
    issued_at: int
    expires_at: int
    authenticated_at: int


class TokenRefused(Exception):
    """A token that is not accepted. `reason` is one of: malformed, expired, invalid_signature, wrong_audience,
    wrong_issuer; `description` says it in one sentence, never how a signature check failed."""

    DESCRIPTIONS = {
        "malformed": "the token is malformed (expected a JWT: three base64url parts separated by dots, with the claims iss, sub, aud, scope, iat, exp)",
        "expired": "the token has expired",
        "invalid_signature": "the token's signature is not valid",
        "wrong_audience": "the token is not meant for this service (audience)",
        "wrong_issuer": "the token was not issued by trading-api (issuer)",
    }

    def __init__(self, reason: str):
        super().__init__(self.DESCRIPTIONS[reason])
        self.reason = reason
        self.description = self.DESCRIPTIONS[reason]


def check_signing_key(key: str, variable: str) -> str | None:
    """None when `key` can sign tokens, else what is wrong with it, naming `variable`."""
    if len(key) < MIN_KEY_LENGTH:
        return (f"{variable} must be at least {MIN_KEY_LENGTH} characters (HS256 needs a key of 256 bits or more); it has {len(key)}. "
                f"The AppHost generates one (parameter auth-signing-key); by hand, example: {variable}=$(openssl rand -hex 32)")
    return None


class TokenSigner:
    """Issues and checks tokens with one key. `lifetime_seconds` is how long an issued token lives unless the caller
    asks for less; `clock` gives Unix seconds (time.time), so tests can issue tokens in the past."""

    def __init__(self, key: str, lifetime_seconds: int = 3600, clock: Callable[[], float] = time.time):
        if problem := check_signing_key(key, "the signing key"):
            raise ValueError(problem)
        self._key = key.encode("utf-8")
        self.lifetime_seconds = lifetime_seconds
        self._clock = clock
        self._verified: dict[tuple[str, str], TokenClaims] = {}

    def now(self) -> int:
        return int(self._clock())

    def issue(self, subject: str, audience: str, scopes: Iterable[str], lifetime_seconds: int | None = None,
              authenticated_at: int | None = None) -> tuple[str, int]:
        """(token, seconds until it expires). `authenticated_at` (auth_time) defaults to now: a login."""
        now = self.now()
        lifetime = self.lifetime_seconds if lifetime_seconds is None else lifetime_seconds
        claims = {"iss": ISSUER, "sub": subject, "aud": audience, "scope": " ".join(sorted(set(scopes))),
                  "iat": now, "exp": now + lifetime, "auth_time": now if authenticated_at is None else authenticated_at,
                  "jti": secrets.token_hex(8)}
        return jwt.encode(claims, self._key, algorithm=ALGORITHM), lifetime

    def verify(self, token: str, audience: str) -> TokenClaims:
        """The token's claims when it is signed with this key (HS256 only: `alg: none` or any other algorithm is
        refused as an invalid signature), issued by trading-api, meant for `audience` and not expired. Raises
        TokenRefused. A token checked before is answered from a cache (bounded) after its expiry is checked again."""
        cached = self._verified.get((token, audience))
        if cached is not None:
            if self._clock() >= cached.expires_at + LEEWAY_SECONDS:
                del self._verified[(token, audience)]
                raise TokenRefused("expired")
            return cached
        claims = self._decode(token, audience)
        if len(self._verified) >= VERIFIED_CACHE_SIZE:
            self._verified.clear()
        self._verified[(token, audience)] = claims
        return claims

    def _decode(self, token: str, audience: str) -> TokenClaims:
        try:
            claims = jwt.decode(token, self._key, algorithms=[ALGORITHM], audience=audience, issuer=ISSUER, leeway=LEEWAY_SECONDS,
                                options={"require": ["iss", "sub", "aud", "iat", "exp"]})
        except jwt.ExpiredSignatureError:
            raise TokenRefused("expired") from None
        except (jwt.InvalidSignatureError, jwt.InvalidAlgorithmError):
            raise TokenRefused("invalid_signature") from None
        except jwt.InvalidAudienceError:
            raise TokenRefused("wrong_audience") from None
        except jwt.InvalidIssuerError:
            raise TokenRefused("wrong_issuer") from None
        except jwt.InvalidTokenError:  # not a JWT, bad base64/JSON, a required claim missing, iat in the future
            raise TokenRefused("malformed") from None
        scope = claims.get("scope", "")
        if not isinstance(scope, str) or not isinstance(claims["sub"], str):
            raise TokenRefused("malformed")
        authenticated_at = claims.get("auth_time", claims["iat"])
        if not isinstance(authenticated_at, int):
            raise TokenRefused("malformed")
        return TokenClaims(claims["sub"], audience, frozenset(scope.split()), int(claims["iat"]), int(claims["exp"]), authenticated_at)


class ServiceToken:
    """A service's own token for another service (trading-api's for the gateway), issued from the shared key and
    issued again when less than a fifth of its life is left. `header()` is the Authorization header value."""

    def __init__(self, signer: TokenSigner, subject: str, audience: str, scopes: Iterable[str], clock: Callable[[], float] = time.time):
        self._signer, self._subject, self._audience, self._scopes, self._clock = signer, subject, audience, tuple(scopes), clock
        self._header = ""
        self._renew_at = 0.0

    def header(self) -> str:
        now = self._clock()
        if now >= self._renew_at:
            token, lifetime = self._signer.issue(self._subject, self._audience, self._scopes)
            self._header = f"Bearer {token}"
            self._renew_at = now + lifetime * 0.8
        return self._header
