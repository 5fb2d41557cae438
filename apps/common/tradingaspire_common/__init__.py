"""Code shared by the Python services of TradingAspire: configuration checks, JSON logging,
W3C trace context and a small OTLP/HTTP JSON exporter (there is no OpenTelemetry SDK here)."""
