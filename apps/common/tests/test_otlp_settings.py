import pytest

from tradingaspire_common.otlp_settings import OtlpSettings, parse_key_values

BASE = "http://localhost:18890"


@pytest.mark.parametrize("text, expected", [
    ("x-otlp-api-key=abc=,other = 1", {"x-otlp-api-key": "abc=", "other": "1"}),
    ("x-otlp-api-key=a%2Cb%3Dc", {"x-otlp-api-key": "a,b=c"}),
    ("service.instance.id=trading-api-x1,deployment.environment=Development", {"service.instance.id": "trading-api-x1", "deployment.environment": "Development"}),
    ("novalue,=x,", {}),
    (None, {}),
])
def test_key_values(text, expected):
    assert parse_key_values(text) == expected


@pytest.mark.parametrize("env, urls", [
    ({}, {"traces": None, "logs": None, "metrics": None}),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": BASE + "/"}, {"traces": BASE + "/v1/traces", "logs": BASE + "/v1/logs", "metrics": BASE + "/v1/metrics"}),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": BASE, "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT": "http://t:1/custom"},
     {"traces": "http://t:1/custom", "logs": BASE + "/v1/logs", "metrics": BASE + "/v1/metrics"}),
    ({"OTEL_EXPORTER_OTLP_LOGS_ENDPOINT": "http://l:1/v1/logs"}, {"traces": None, "logs": "http://l:1/v1/logs", "metrics": None}),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": BASE, "OTEL_METRICS_EXPORTER": "none"}, {"traces": BASE + "/v1/traces", "logs": BASE + "/v1/logs", "metrics": None}),
    ({"OTEL_EXPORTER_OTLP_ENDPOINT": BASE, "OTEL_SDK_DISABLED": "true"}, {"traces": None, "logs": None, "metrics": None}),
])
def test_signal_urls(env, urls):
    settings = OtlpSettings.from_environment("svc", env)
    assert settings.urls == urls and settings.enabled == any(urls.values())


def test_headers_service_and_timings():
    settings = OtlpSettings.from_environment("default-name", {
        "OTEL_EXPORTER_OTLP_ENDPOINT": BASE, "OTEL_EXPORTER_OTLP_HEADERS": "x-otlp-api-key=k%3D1",
        "OTEL_EXPORTER_OTLP_LOGS_HEADERS": "extra=2", "OTEL_SERVICE_NAME": "trading-api",
        "OTEL_RESOURCE_ATTRIBUTES": "service.instance.id=abc", "OTEL_BSP_SCHEDULE_DELAY": "200",
        "OTEL_METRIC_EXPORT_INTERVAL": "1000", "OTEL_EXPORTER_OTLP_TIMEOUT": "oops"})
    assert settings.headers["traces"] == {"x-otlp-api-key": "k=1"}
    assert settings.headers["logs"] == {"x-otlp-api-key": "k=1", "extra": "2"}
    assert settings.service_name == "trading-api" and settings.resource_attributes == {"service.instance.id": "abc"}
    assert (settings.span_delay, settings.metric_interval, settings.timeout) == (0.2, 1.0, 10.0)


def test_service_name_defaults():
    assert OtlpSettings.from_environment("strategy", {}).service_name == "strategy"
    assert OtlpSettings.from_environment("strategy", {"OTEL_RESOURCE_ATTRIBUTES": "service.name=s2"}).service_name == "s2"
