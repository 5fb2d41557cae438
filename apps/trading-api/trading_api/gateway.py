"""The execution gateway's order endpoint, through one pooled keep-alive HTTP client, with W3C trace context
propagated. Numbers travel as exact decimals both ways (decimal_json)."""
import httpx

from tradingaspire_common.tracing import SPAN_KIND_CLIENT

from . import decimal_json


class GatewayUnavailable(Exception):
    """The gateway could not be reached or did not answer in time; whether the order was placed is unknown."""


class GatewayFailed(Exception):
    """The gateway answered, but with a server error or a body that is not the documented JSON."""


class GatewayClient:
    """One httpx.AsyncClient for the life of the app: connections are kept alive and reused (up to
    `max_connections` at once), so an order costs no TCP handshake."""

    def __init__(self, base_url: str, tracer, timeout: float = 5.0, max_connections: int = 64, transport=None):
        self.base_url = base_url
        self.tracer = tracer
        limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections, keepalive_expiry=60.0)
        self.client = httpx.AsyncClient(base_url=base_url, timeout=timeout, limits=limits, transport=transport)

    async def submit(self, order: dict) -> tuple[int, dict]:
        """(status code, JSON body with Decimal numbers) of POST /api/orders for a status below 500 and for 503
        (the gateway's "no market price yet"). Raises GatewayUnavailable when unreachable, timed out or answering 503
        without a JSON body; GatewayFailed for another 5xx or a body that is not a JSON object."""
        with self.tracer.start_span("POST /api/orders", SPAN_KIND_CLIENT, **{"http.method": "POST", "peer.service": "gateway"}) as span:
            try:
                response = await self.client.post("/api/orders", content=decimal_json.dumps(order).encode("utf-8"),
                                                  headers={"traceparent": span.traceparent(), "content-type": "application/json"})
            except httpx.HTTPError as error:
                span.set_error(str(error))
                raise GatewayUnavailable(f"{type(error).__name__}: {error}".rstrip(": ")) from error
            span.set_attribute("http.status_code", response.status_code)
            if response.status_code >= 500 and response.status_code != 503:
                span.set_error(f"HTTP {response.status_code}")
                raise GatewayFailed(f"the gateway answered HTTP {response.status_code}")
            try:
                body = decimal_json.loads(response.content)
            except ValueError as error:
                span.set_error("invalid JSON")
                if response.status_code == 503:  # a proxy or a server that is starting: unavailable, not failed
                    raise GatewayUnavailable("the gateway answered HTTP 503") from error
                raise GatewayFailed(f"the gateway answered HTTP {response.status_code} with a body that is not JSON ({error})") from error
            if not isinstance(body, dict):
                raise GatewayFailed(f"the gateway answered HTTP {response.status_code} with JSON that is not an object")
            return response.status_code, body

    async def alive(self) -> tuple[bool, str | None]:
        try:
            response = await self.client.get("/alive", timeout=1.0)
            return response.status_code == 200, None if response.status_code == 200 else f"HTTP {response.status_code}"
        except httpx.HTTPError as error:
            return False, f"{type(error).__name__}: {error}"

    async def close(self) -> None:
        await self.client.aclose()
