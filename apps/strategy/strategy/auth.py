"""The strategy's identity at trading-api: OAuth 2.0 client credentials (RFC 6749 §4.4) as an httpx.Auth.

The first request gets a token from POST /auth/token (grant_type=client_credentials, HTTP Basic client id and
secret), then every request carries it as "Authorization: Bearer <token>". A new token is fetched when less than a
fifth of the old one's life is left, and at once when trading-api answers 401 (the token expired early, or the
signing key was rotated): the request is then sent again once with the new token. A refused token request (wrong
secret: 401 invalid_client; locked: 429) is logged and answered to the caller as it came, so the order's retry loop
sees the status and backs off. The token request carries the W3C traceparent of the current span (the order attempt's
"POST /api/trades" client span), so trading-api's "POST /auth/token" joins the signal's trace like the order does
instead of starting a trace of its own."""
import logging
import time
from collections.abc import Callable

import httpx

from tradingaspire_common.tracing import inject_traceparent

log = logging.getLogger("strategy.auth")
TOKEN_PATH = "/auth/token"


class ClientCredentials(httpx.Auth):
    requires_response_body = True  # the token answer's JSON

    def __init__(self, client_id: str, client_secret: str, token_path: str = TOKEN_PATH, clock: Callable[[], float] = time.monotonic):
        self._basic = httpx.BasicAuth(client_id, client_secret)
        self._client_id = client_id
        self._token_path = token_path
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self.tokens_fetched = 0

    def _token_request(self, request: httpx.Request) -> httpx.Request:
        token_request = httpx.Request("POST", request.url.copy_with(path=self._token_path, query=None),
                                      data={"grant_type": "client_credentials"}, headers=inject_traceparent())
        return next(self._basic.auth_flow(token_request))

    def _accept(self, response: httpx.Response) -> bool:
        if response.status_code != 200:
            log.error("trading-api refused the strategy's client credentials",
                      extra={"client_id": self._client_id, "status": response.status_code, "body": response.text[:500]})
            self._token = None
            return False
        body = response.json()
        self._token = body["access_token"]
        self._renew_at = self._clock() + 0.8 * float(body.get("expires_in", 60))
        self.tokens_fetched += 1
        log.debug("strategy token obtained", extra={"client_id": self._client_id, "expires_in": body.get("expires_in"), "scope": body.get("scope")})
        return True

    def auth_flow(self, request: httpx.Request):
        if self._token is None or self._clock() >= self._renew_at:
            token_response = yield self._token_request(request)
            if not self._accept(token_response):
                return  # the caller gets the refusal
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:
            log.debug("trading-api refused the strategy's token; getting a new one", extra={"client_id": self._client_id,
                     "www_authenticate": response.headers.get("www-authenticate")})
            token_response = yield self._token_request(request)
            if self._accept(token_response):
                request.headers["Authorization"] = f"Bearer {self._token}"
                yield request
