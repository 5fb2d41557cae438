"""A signal that places an order is one trace whose order requests carry its traceparent; a skipped one and
heartbeats are metrics. Decoded from what the
OTLP exporter POSTs to a real local receiver."""
import asyncio
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from strategy.orders import OrderSubmitter
from strategy.settings import StrategySettings
from strategy.worker import StrategyWorker
from tradingaspire_common.meter import Meter
from tradingaspire_common.otlp import OtlpExporter
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.metrics.v1.metrics_service_pb2 import ExportMetricsServiceRequest
from tradingaspire_common.otlp_proto.opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
from tradingaspire_common.otlp_settings import OtlpSettings
from tradingaspire_common.testing.otlp_receiver import OtlpReceiver
from tradingaspire_common.tracing import Tracer, parse_traceparent

SETTINGS = StrategySettings(fast_window=2, slow_window=4, order_quantity=Decimal("0.5"), max_order_notional=Decimal("100000"), max_position=Decimal("5"))


class MemoryRedis:
    def __init__(self):
        self.values = {}

    async def set(self, key, value, ex=None):
        self.values[key] = value


@pytest.fixture
def receiver():
    server = OtlpReceiver()
    yield server
    server.close()


def test_a_signal_is_one_trace_continued_by_its_order_requests_and_heartbeats_are_metrics(receiver):
    meter = Meter("strategy")
    exporter = OtlpExporter(OtlpSettings.from_environment("strategy", {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url}), meter)
    tracer = Tracer(exporter.export_span)
    requests = []
    answers = [503, 201]

    def handler(request):
        requests.append(request)
        return httpx.Response(answers.pop(0), json={"status": "filled", "filled_quantity": 0.5})

    async def no_sleep(_):
        pass

    client = httpx.AsyncClient(base_url="http://api:8000", transport=httpx.MockTransport(handler))
    submitter = OrderSubmitter("http://api:8000", attempts=3, sleep=no_sleep, client=client, tracer=tracer)
    worker = StrategyWorker(MemoryRedis(), submitter, SETTINGS, clock=lambda: 1000.0, tracer=tracer, meter=meter)

    async def scenario():
        for price in [10, 10, 10, 9, 9, 12, 13]:
            await worker.on_tick("ETHUSDT", Decimal(price))
        await worker.heartbeat()
        await worker.heartbeat()

    asyncio.run(scenario())
    exporter.flush()
    exporter.export_metrics()
    spans = ExportTraceServiceRequest.FromString(receiver.posts("/v1/traces")[0][1]).resource_spans[0].scope_spans[0].spans
    signal = next(s for s in spans if s.name == "signal")
    posts = [s for s in spans if s.name == "POST /api/trades"]
    assert signal.parent_span_id == b"" and len(posts) == 2 and len(requests) == 2
    for span, request in zip(posts, requests):
        assert span.trace_id == signal.trace_id and span.parent_span_id == signal.span_id and span.kind == 3
        assert parse_traceparent(request.headers["traceparent"]) == (signal.trace_id.hex(), span.span_id.hex())
    assert posts[0].status.code == 2 and posts[1].status.code == 0
    outcome = {kv.key: kv.value.string_value for kv in signal.attributes}
    assert outcome["outcome"] == "placed" and outcome["side"] == "buy" and outcome["symbol"] == "ETHUSDT"
    metrics = {m.name: m for m in ExportMetricsServiceRequest.FromString(receiver.posts("/v1/metrics")[0][1]).resource_metrics[0].scope_metrics[0].metrics}
    assert metrics["strategy.heartbeats"].sum.data_points[0].as_int == 2
    assert metrics["strategy.orders.placed"].gauge.data_points[0].as_int == 1
    assert metrics["strategy.signals"].sum.data_points[0].as_int == 1


def test_a_crossover_the_risk_checks_skip_is_counted_and_logged_at_debug_but_not_traced(receiver, caplog):
    meter = Meter("strategy")
    exporter = OtlpExporter(OtlpSettings.from_environment("strategy", {"OTEL_EXPORTER_OTLP_ENDPOINT": receiver.url}), meter)
    tracer = Tracer(exporter.export_span)
    client = httpx.AsyncClient(base_url="http://api:8000", transport=httpx.MockTransport(
        lambda request: httpx.Response(201, json={"status": "filled", "filled_quantity": 0.5})))
    submitter = OrderSubmitter("http://api:8000", client=client, tracer=tracer)
    # The clock stands still: the sell crossover (13 → 5) comes 0 s after the buy, inside the 10 s cooldown.
    worker = StrategyWorker(MemoryRedis(), submitter, SETTINGS, clock=lambda: 1000.0, tracer=tracer, meter=meter)

    async def scenario():
        for price in [10, 10, 10, 9, 9, 12, 13, 5]:
            await worker.on_tick("ETHUSDT", Decimal(price))

    with caplog.at_level("DEBUG", logger="strategy"):
        asyncio.run(scenario())
    exporter.flush()
    exporter.export_metrics()
    spans = ExportTraceServiceRequest.FromString(receiver.posts("/v1/traces")[0][1]).resource_spans[0].scope_spans[0].spans
    signals = [s for s in spans if s.name == "signal"]
    assert len(signals) == 1 and {kv.key: kv.value.string_value for kv in signals[0].attributes}["side"] == "buy"
    skipped = [r for r in caplog.records if r.getMessage() == "signal skipped"]
    assert [(r.levelname, r.signal) for r in skipped] == [("DEBUG", "sell")]
    assert skipped[0].reason == "cooldown: last order 0.0 s ago, minimum 10 s"
    metrics = {m.name: m for m in ExportMetricsServiceRequest.FromString(receiver.posts("/v1/metrics")[0][1]).resource_metrics[0].scope_metrics[0].metrics}
    outcomes = {next(kv.value.string_value for kv in p.attributes if kv.key == "outcome"): p.as_int for p in metrics["strategy.signals"].sum.data_points}
    assert outcomes == {"placed": 1, "skipped": 1}


@pytest.mark.parametrize("env, message", [
    ({"services__trading-api__http__0": "http://127.0.0.1:8000"}, "REDIS_URI is not set"),
    ({"REDIS_URI": "redis://:pw-xyz@127.0.0.1:6379"}, "services__trading-api__http__0 or TRADING_API_HTTP"),
])
def test_bad_configuration_exits_2_with_the_message(env, message):
    app_dir = Path(__file__).resolve().parents[1]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ConnectionStrings__", "services__", "OTEL_", "REDIS_"))
            and k not in ("TRADING_API_HTTP",)}
    base["PYTHONPATH"] = f"{app_dir}{os.pathsep}{app_dir.parent / 'common'}"
    result = subprocess.run([sys.executable, "-m", "strategy"], cwd=app_dir, env={**base, **env}, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2 and message in result.stderr and "pw-xyz" not in result.stderr
