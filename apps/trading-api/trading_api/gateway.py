"""The execution gateway's order endpoint, with W3C trace context propagated."""
import httpx

from tradingaspire_common.tracing import SPAN_KIND_CLIENT


class GatewayUnavailable(Exception):
    """The gateway could not be reached or failed (5xx); the trade stays pending."""


class GatewayClient:
    def __init__(self, base_url: str, tracer, timeout: float = 5.0):
        self.base_url = base_url
        self.tracer = tracer
        self.client = httpx.AsyncClient(base_url=base_url, timeout=timeout)

    async def submit(self, order: dict) -> tuple[int, dict]:
        """(status code, body) of POST /api/orders; raises GatewayUnavailable when unreachable or failing."""
        with self.tracer.start_span("POST /api/orders", SPAN_KIND_CLIENT, **{"http.method": "POST", "peer.service": "gateway"}) as span:
            try:
                response = await self.client.post("/api/orders", json=order, headers={"traceparent": span.traceparent()})
            except httpx.HTTPError as error:
                span.set_error(str(error))
                raise GatewayUnavailable(f"{type(error).__name__}: {error}") from error
            span.set_attribute("http.status_code", response.status_code)
            if response.status_code >= 500:
                span.set_error(f"HTTP {response.status_code}")
                raise GatewayUnavailable(f"gateway answered HTTP {response.status_code}")
            return response.status_code, response.json()

    async def alive(self) -> tuple[bool, str | None]:
        try:
            response = await self.client.get("/alive", timeout=1.0)
            return response.status_code == 200, None if response.status_code == 200 else f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            return False, f"{type(error).__name__}: {error}"

    async def close(self) -> None:
        await self.client.aclose()
