"""trading-api under real uvicorn with a real PostgreSQL (migrated) and Redis, configured only by Aspire's variables,
exports one trace per request over OTLP/HTTP protobuf. A recording HTTP server stands in the gateway's place to see
the traceparent it receives; it answers 503, so the order is refused with 503 and nothing is written (the gateway's
`orders` table is the only record, so trading-api makes no PostgreSQL or Redis write on the order path)."""
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from tradingaspire_common.testing.auth import AUTH_ENVIRONMENT, bearer
from tradingaspire_common.testing.otlp_receiver import OtlpReceiver
from tradingaspire_common.testing.servers import free_port, redis_server, wait_until
from tradingaspire_common.tracing import parse_traceparent

APP_DIR = Path(__file__).resolve().parents[1]
MIGRATIONS = APP_DIR.parents[1] / "db" / "migrations"
TRACE, CALLER = "4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"


def _alive(port: int) -> bool:
    try:
        return urllib.request.urlopen(f"http://127.0.0.1:{port}/alive", timeout=1).status == 200
    except OSError:
        return False


def test_a_trade_is_one_trace_with_database_redis_and_gateway_spans_and_its_logs_and_metrics(tmp_path, postgres):
    receiver, gateway = OtlpReceiver(), OtlpReceiver(status=503)
    database, pg_port = postgres.create_database(MIGRATIONS), postgres.port
    with redis_server("pw") as redis_port:
        api_port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("ConnectionStrings__", "services__", "OTEL_", "TRADING_", "REDIS_"))}
        env.update({"PYTHONPATH": f"{APP_DIR}{os.pathsep}{APP_DIR.parent / 'common'}",
                    "TRADING_URI": f"postgresql://postgres:unused@127.0.0.1:{pg_port}/{database}",
                    "REDIS_URI": f"redis://:pw@127.0.0.1:{redis_port}", "services__gateway__http__0": gateway.url,
                    "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url, "OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=key-1",
                    "OTEL_SERVICE_NAME": "trading-api", "OTEL_RESOURCE_ATTRIBUTES": "service.instance.id=trading-api-1",
                    **AUTH_ENVIRONMENT, "OTEL_BSP_SCHEDULE_DELAY": "100", "OTEL_BLRP_SCHEDULE_DELAY": "100", "OTEL_METRIC_EXPORT_INTERVAL": "200"})
        log_file = open(tmp_path / "api.log", "w")
        api = subprocess.Popen([sys.executable, "-m", "uvicorn", "trading_api.main:app", "--host", "127.0.0.1", "--port", str(api_port)],
                               cwd=APP_DIR, env=env, stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_until(lambda: _alive(api_port) or api.poll() is not None, "trading-api")
            assert api.poll() is None, (tmp_path / "api.log").read_text()
            request = urllib.request.Request(f"http://127.0.0.1:{api_port}/api/trades", method="POST",
                                             data=json.dumps({"symbol": "BTCUSDT", "side": "buy", "type": "market", "quantity": 0.01}).encode(),
                                             headers={**bearer(), "Content-Type": "application/json", "traceparent": f"00-{TRACE}-{CALLER}-01"})
            try:
                urllib.request.urlopen(request, timeout=10)
                raise AssertionError("expected 503 with the gateway answering 503")
            except urllib.error.HTTPError as error:
                assert error.code == 503
                returned = parse_traceparent(error.headers["traceparent"])

            def spans():
                return [s for _, body in receiver.posts("/v1/traces") for s in ExportTraceServiceRequest.FromString(body).resource_spans[0].scope_spans[0].spans]
            wait_until(lambda: any(s.name == "POST /api/trades" for s in spans()), "the request span", 10)
            server = next(s for s in spans() if s.name == "POST /api/trades")
            assert server.trace_id.hex() == TRACE and server.parent_span_id.hex() == CALLER and returned == (TRACE, server.span_id.hex())
            children = [s for s in spans() if s.parent_span_id == server.span_id]
            assert [s.name for s in children] == ["POST /api/orders"]
            assert all(s.trace_id.hex() == TRACE for s in children)
            gateway_span = next(s for s in children if s.name == "POST /api/orders")
            (headers, _), = gateway.posts("/api/orders")
            assert parse_traceparent(headers["traceparent"]) == (TRACE, gateway_span.span_id.hex())

            def logs():
                return [r for _, body in receiver.posts("/v1/logs") for s in ExportLogsServiceRequest.FromString(body).resource_logs[0].scope_logs for r in s.log_records]
            wait_until(lambda: any(r.body.string_value == "gateway unavailable" for r in logs()), "the order's log record", 10)
            record = next(r for r in logs() if r.body.string_value == "gateway unavailable")
            assert record.trace_id.hex() == TRACE and record.severity_text == "WARNING"

            def duration_points():
                found = []
                for _, body in receiver.posts("/v1/metrics"):
                    for metric in ExportMetricsServiceRequest.FromString(body).resource_metrics[0].scope_metrics[0].metrics:
                        if metric.name == "http.server.request.duration":
                            found += [{kv.key: kv.value for kv in p.attributes} for p in metric.histogram.data_points]
                return found
            wait_until(lambda: any(p.get("http.route") and p["http.route"].string_value == "/api/trades" for p in duration_points()), "the request metric", 10)
            headers, _ = receiver.posts("/v1/metrics")[0]
            assert headers["x-otlp-api-key"] == "key-1" and headers["content-type"] == "application/x-protobuf"
        finally:
            api.send_signal(signal.SIGINT)
            api.wait(timeout=30)
            log_file.close()
            receiver.close()
            gateway.close()
