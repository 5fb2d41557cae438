"""Submits orders through trading-api. A signal gets one client_order_id, reused on every retry, so a retry after a
timeout or an outage is idempotent and never doubles the order. Each attempt is a CLIENT span "POST /api/trades", a
child of the current span (the worker's "signal" span), and sends its W3C traceparent, so trading-api continues the
signal's trace."""
import asyncio
import logging

import httpx

from tradingaspire_common.tracing import SPAN_KIND_CLIENT, Tracer

log = logging.getLogger("strategy.orders")


def client_order_id(run_id: str, symbol: str, sequence: int) -> str:
    return f"strategy-{run_id}-{symbol}-{sequence}"


def backoff_delays(attempts: int, first: float = 0.5, cap: float = 8.0) -> list[float]:
    return [min(first * 2 ** i, cap) for i in range(attempts)]


class OrderSubmitter:
    def __init__(self, api_url: str, attempts: int = 6, sleep=asyncio.sleep, client: httpx.AsyncClient | None = None,
                 tracer: Tracer | None = None, auth: httpx.Auth | None = None):
        """`auth` authenticates every request (auth.ClientCredentials); `client` replaces the default one (tests)."""
        self.client = client or httpx.AsyncClient(base_url=api_url, timeout=5.0, auth=auth)
        self.tracer = tracer or Tracer()
        self.attempts = attempts
        self.sleep = sleep

    async def submit(self, order: dict) -> dict | None:
        """The trade the API recorded, or None when it was rejected or the API stayed down through every retry."""
        for attempt, delay in enumerate(backoff_delays(self.attempts), start=1):
            try:
                response = await self._post(order, attempt)
            except httpx.HTTPError as error:
                log.warning("trading-api unreachable; will retry", extra={"client_order_id": order["client_order_id"], "attempt": attempt, "error": str(error)})
            else:
                if response.status_code in (200, 201):
                    return response.json()
                if response.status_code == 422:
                    log.info("order rejected", extra={"client_order_id": order["client_order_id"], "body": response.text})
                    return None
                log.warning("trading-api answered an error; will retry", extra={"client_order_id": order["client_order_id"], "status": response.status_code})
            await self.sleep(delay)
        log.error("giving up on order after retries", extra={"client_order_id": order["client_order_id"], "attempts": self.attempts})
        return None

    async def _post(self, order: dict, attempt: int) -> httpx.Response:
        with self.tracer.start_span("POST /api/trades", SPAN_KIND_CLIENT, **{
                "http.request.method": "POST", "server.address": self.client.base_url.host, "server.port": self.client.base_url.port,
                "client_order_id": order.get("client_order_id"), "attempt": attempt}) as span:
            try:
                response = await self.client.post("/api/trades", json=order, headers={"traceparent": span.traceparent()})
            except httpx.HTTPError as error:
                span.set_error(f"{type(error).__name__}: {error}")
                raise
            span.set_attribute("http.response.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_error(f"HTTP {response.status_code}")
            return response

    async def close(self) -> None:
        await self.client.aclose()
