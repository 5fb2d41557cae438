"""Code shared by the Python services of TradingAspire: configuration from the variables Aspire injects (config),
JSON logging, W3C trace context, metric instruments and an OTLP/HTTP protobuf exporter for the Aspire dashboard
(telemetry.setup_telemetry composes them). There is no OpenTelemetry SDK in Debian 12; see docs/telemetry.md."""
