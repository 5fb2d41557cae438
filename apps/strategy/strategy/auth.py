"""The strategy's identity at trading-api: OAuth 2.0 client credentials (RFC 6749 §4.4) as an httpx.Auth.

The first request gets a token from POST /auth/token (grant_type=client_credentials, HTTP Basic client id and
secret), then every request carries it as "Authorization: Bearer <token>". A new token is fetched when less than a
fifth of the old one's life is left, and at once when trading-api answers 401 (the token expired early, or the
signing key was rotated): the request is then sent again once with the new token. A refused token request (wrong
secret: 401 invalid_client; locked: 429) is logged and answered to the caller as it came, so the order's retry loop
sees the status and backs off. Each token request is a CLIENT span "POST /auth/token" of its own, a child of the
current span (the order attempt's "POST /api/trades" client span), and sends its W3C traceparent, so trading-api's
"POST /auth/token" joins the signal's trace like the order does instead of starting a trace of its own; the span has
the error status when the token is refused (any answer but 200) or the request gets no answer."""
import logging
import time
from collections.abc import Callable

import httpx

from tradingaspire_common.tracing import SPAN_KIND_CLIENT, Tracer

log = logging.getLogger("strategy.auth")
TOKEN_PATH = "/auth/token"


class ClientCredentials(httpx.Auth):
    requires_response_body = True  # the token answer's JSON

    def __init__(self, client_id: str, client_secret: str, token_path: str = TOKEN_PATH, clock: Callable[[], float] = time.monotonic,
                 tracer: Tracer | None = None):
        self._basic = httpx.BasicAuth(client_id, client_secret)
        self._tracer = tracer or Tracer()
        self._client_id = client_id
        self._token_path = token_path
        self._clock = clock
        self._token: str | None = None
        self._renew_at = 0.0
        self.tokens_fetched = 0

    def _fetch_token(self, request: httpx.Request):
        """Sends the token request (yields it, gets the answer) in its client span; returns whether a token came."""
        url = request.url.copy_with(path=self._token_path, query=None)
        with self._tracer.start_span(f"POST {self._token_path}", SPAN_KIND_CLIENT, **{
                "http.request.method": "POST", "server.address": url.host, "server.port": url.port}) as span:
            token_request = httpx.Request("POST", url, data={"grant_type": "client_credentials"}, headers={"traceparent": span.traceparent()})
            try:
                response = yield next(self._basic.auth_flow(token_request))
            except GeneratorExit:  # closed when the request raised (async_auth_flow); the order attempt's span has the error
                span.set_error("no answer (the request raised)")
                return False
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code != 200:
                span.set_error(f"HTTP {response.status_code}")
            return self._accept(response)  # a refusal's log line in this span

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

    async def async_auth_flow(self, request: httpx.Request):
        """httpx's own (the sync flow, each answer read first), but when httpx closes this flow (the request raised:
        its `finally: await auth_flow.aclose()`) the sync flow is closed here and then, so an open token span ends in
        the request's task and context, not whenever its generator is collected."""
        flow = self.auth_flow(request)
        try:
            request = next(flow)
            while True:
                response = yield request
                await response.aread()
                try:
                    request = flow.send(response)
                except StopIteration:
                    return
        finally:
            flow.close()

    def auth_flow(self, request: httpx.Request):
        if self._token is None or self._clock() >= self._renew_at:
            if not (yield from self._fetch_token(request)):
                return  # the caller gets the refusal
        request.headers["Authorization"] = f"Bearer {self._token}"
        response = yield request
        if response.status_code == 401:
            log.debug("trading-api refused the strategy's token; getting a new one", extra={"client_id": self._client_id,
                     "www_authenticate": response.headers.get("www-authenticate")})
            if (yield from self._fetch_token(request)):
                request.headers["Authorization"] = f"Bearer {self._token}"
                yield request
