using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TradingAspire.Gateway.Telemetry;

/// <summary>The gateway's meters (exported on /metrics and over OTLP) and its activity source (one span per order).</summary>
public sealed class GatewayMetrics
{
    /// <summary>Meter and activity source name.</summary>
    public const string Name = "TradingAspire.Gateway";

    /// <summary>Spans of the order path.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private readonly Counter<long> _received;
    private readonly Counter<long> _filled;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _fillLatency;
    private readonly Counter<long> _ticks;
    private readonly UpDownCounter<long> _webSocketClients;

    /// <summary>Creates the instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(Name);
        _received = meter.CreateCounter<long>("gateway.orders.received", description: "Orders received");
        _filled = meter.CreateCounter<long>("gateway.orders.filled", description: "Orders filled");
        _rejected = meter.CreateCounter<long>("gateway.orders.rejected", description: "Orders rejected by validation or risk");
        _fillLatency = meter.CreateHistogram<double>("gateway.orders.fill_latency", unit: "ms", description: "Time from receipt to the committed fill");
        _ticks = meter.CreateCounter<long>("gateway.ticks.published", description: "Market ticks published");
        _webSocketClients = meter.CreateUpDownCounter<long>("gateway.websocket.clients", description: "Connected WebSocket clients");
    }

    /// <summary>An order arrived.</summary>
    public void OrderReceived() => _received.Add(1);

    /// <summary>An order filled after <paramref name="latency"/>.</summary>
    public void OrderFilled(string symbol, TimeSpan latency)
    {
        _filled.Add(1, new KeyValuePair<string, object?>("symbol", symbol));
        _fillLatency.Record(latency.TotalMilliseconds, new KeyValuePair<string, object?>("symbol", symbol));
    }

    /// <summary>An order was rejected.</summary>
    public void OrderRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A tick was published.</summary>
    public void TickPublished() => _ticks.Add(1);

    /// <summary>A WebSocket client connected (+1) or left (-1).</summary>
    public void WebSocketClients(int delta) => _webSocketClients.Add(delta);
}
