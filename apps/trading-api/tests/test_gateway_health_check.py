"""trading-api's gateway check (GatewayClient.alive, the "gateway" entry of /health) against real servers: each way
it can fail is said in words (what was tried, the limit, the outcome), and the check is bounded in time. Limits of
0.2 s per phase (0.3 s in all) keep the tests fast."""
import asyncio
import socket
import threading
import time

import pytest

from fake_gateway import FakeGateway
from trading_api.gateway import GatewayClient
from trading_api.health import health_report
from tradingaspire_common.tracing import Tracer

LIMIT = 0.2
WHOLE = 0.3  # LIMIT * ALIVE_WHOLE_CALL_FACTOR


def alive(url: str) -> tuple[tuple[bool, str | None], float]:
    """(GatewayClient(url).alive(), seconds it took)."""
    async def run():
        client = GatewayClient(url, Tracer(), lambda: "Bearer unused", alive_timeout=LIMIT)
        started = time.monotonic()
        try:
            return await client.alive(), time.monotonic() - started
        finally:
            await client.close()
    return asyncio.run(run())


@pytest.fixture
def silent_listener():
    """A port whose kernel accepts connections (the listen backlog) but where nothing ever reads or answers: a hung
    gateway, or DCP's proxy in front of a gateway that is down."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    listener.close()


def test_a_gateway_that_accepts_and_never_answers_is_reported_as_no_answer_within_the_limit(silent_listener):
    (healthy, error), took = alive(silent_listener)
    assert (healthy, error) == (False, f"gateway did not answer GET {silent_listener}/alive within 0.2 s (ReadTimeout)")
    assert LIMIT <= took < WHOLE + 0.2


def test_a_closed_port_is_reported_as_a_refused_connection():
    closed = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    closed.bind(("127.0.0.1", 0))  # bound, not listening: the kernel answers a connect with RST, and no one else takes the port
    try:
        url = f"http://127.0.0.1:{closed.getsockname()[1]}"
        (healthy, error), took = alive(url)
    finally:
        closed.close()
    assert (healthy, error) == (False, f"gateway refused the connection for GET {url}/alive (ConnectError: connection refused; limit 0.2 s)")
    assert took < LIMIT


def test_a_gateway_whose_listen_backlog_is_full_is_reported_as_not_accepting_a_connection_within_the_limit():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)  # Linux queues one connection; a SYN beyond that is dropped, so a connect waits
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    queued = []
    try:
        for _ in range(2):
            client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            client.setblocking(False)
            client.connect_ex(("127.0.0.1", listener.getsockname()[1]))
            queued.append(client)
        (healthy, error), took = alive(url)
    finally:
        for client in queued:
            client.close()
        listener.close()
    assert (healthy, error) == (False, f"gateway did not accept a connection for GET {url}/alive within 0.2 s (ConnectTimeout; "
                              "or every pooled connection of trading-api to it was busy)")
    assert LIMIT <= took < WHOLE + 0.2


def test_a_gateway_answering_503_is_reported_with_the_status_and_the_body_status():
    gateway = FakeGateway()
    gateway.alive_status = 503
    assert alive(gateway.url)[0] == (False, f"gateway answered GET {gateway.url}/alive with HTTP 503, status 'Unhealthy' (limit 0.2 s)")
    gateway.alive_body = '{"status": "Degraded", "checks": {}}'
    assert alive(gateway.url)[0] == (False, f"gateway answered GET {gateway.url}/alive with HTTP 503, status 'Degraded' (limit 0.2 s)")
    gateway.alive_body = "Service Unavailable\n\n  (draining)\n"
    assert alive(gateway.url)[0] == (False, f"gateway answered GET {gateway.url}/alive with HTTP 503, status 'Service Unavailable (draining)' (limit 0.2 s)")
    gateway.alive_body = ""
    assert alive(gateway.url)[0] == (False, f"gateway answered GET {gateway.url}/alive with HTTP 503, empty body (limit 0.2 s)")
    gateway.alive_status, gateway.alive_body = 200, None
    assert alive(gateway.url)[0] == (True, None)


def test_a_gateway_answering_a_byte_at_a_time_is_cut_off_at_the_whole_calls_limit():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    url = f"http://127.0.0.1:{listener.getsockname()[1]}"
    done = threading.Event()

    def dribble():  # each byte comes well within the per-read limit; the answer never ends
        connection, _ = listener.accept()
        with connection:
            for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n" + b"x" * 100:
                if done.wait(0.05):
                    return
                connection.send(bytes([byte]))
    server = threading.Thread(target=dribble, daemon=True)
    server.start()
    try:
        (healthy, error), took = alive(url)
    finally:
        done.set()
        server.join(5)
        listener.close()
    assert (healthy, error) == (False, f"gateway did not finish answering GET {url}/alive within 0.3 s (Timeout)")
    assert WHOLE <= took < WHOLE + 0.2


def test_health_reports_the_gateway_check_in_words_and_stays_degraded_not_unhealthy(silent_listener):
    class Up:
        async def fetchval(self, sql):
            return 1

        async def ping(self):
            return True

        async def get(self, key):
            return None

    async def run():
        client = GatewayClient(silent_listener, Tracer(), lambda: "Bearer unused", alive_timeout=LIMIT)
        try:
            return await health_report(Up(), Up(), client)
        finally:
            await client.close()
    status, body = asyncio.run(run())
    assert (status, body["status"]) == (200, "degraded")
    gateway = body["checks"]["gateway"]
    assert gateway == {"status": "unhealthy", "latency_ms": gateway["latency_ms"],
                       "error": f"gateway did not answer GET {silent_listener}/alive within 0.2 s (ReadTimeout)"}
    assert 200 <= gateway["latency_ms"] < 500
