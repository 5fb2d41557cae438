using System.Diagnostics;
using System.Diagnostics.Metrics;
using TradingAspire.Gateway.Market;

namespace TradingAspire.Gateway.Telemetry;

/// <summary>
/// The gateway's meter <c>TradingAspire.Gateway</c> (exported on <c>/metrics</c> and over OTLP to the dashboard) and its
/// activity source (one span per order). Instruments, with their tags:
/// <list type="bullet">
/// <item><c>gateway.orders.received</c> counter; <c>gateway.orders.rejected</c> counter (<c>reason</c>);</item>
/// <item><c>gateway.orders.filled</c> counter (<c>symbol</c>, <c>side</c>); <c>gateway.orders.fill_latency</c>
/// histogram in ms from receipt (or from resting) to the committed fill (<c>symbol</c>);</item>
/// <item><c>gateway.fills.quantity</c> histogram in base units and <c>gateway.fills.notional</c> histogram in quote
/// currency (quantity × price) (<c>symbol</c>, <c>side</c>);</item>
/// <item><c>gateway.orders.batch_size</c> histogram, orders per group commit;</item>
/// <item><c>gateway.ticks.published</c> counter (<c>symbol</c>); <c>gateway.market.price</c> gauge, the latest price
/// (<c>symbol</c>); <c>gateway.websocket.clients</c> up-down counter.</item>
/// </list>
/// </summary>
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
    private readonly Histogram<double> _fillQuantity;
    private readonly Histogram<double> _fillNotional;
    private readonly Histogram<long> _batchSize;
    private readonly Counter<long> _ticks;
    private readonly UpDownCounter<long> _webSocketClients;

    /// <summary>Creates the instruments.</summary>
    public GatewayMetrics(IMeterFactory meterFactory, MarketPrices prices)
    {
        var meter = meterFactory.Create(Name);
        _received = meter.CreateCounter<long>("gateway.orders.received", unit: "{order}", description: "Orders received");
        _filled = meter.CreateCounter<long>("gateway.orders.filled", unit: "{order}", description: "Orders filled");
        _rejected = meter.CreateCounter<long>("gateway.orders.rejected", unit: "{order}", description: "Orders refused by validation, risk or a client order id conflict");
        _fillLatency = meter.CreateHistogram<double>("gateway.orders.fill_latency", unit: "ms", description: "Time from receipt to the committed fill");
        _fillQuantity = meter.CreateHistogram<double>("gateway.fills.quantity", unit: "{base}", description: "Quantity of each fill");
        _fillNotional = meter.CreateHistogram<double>("gateway.fills.notional", unit: "{quote}", description: "Quantity × price of each fill");
        _batchSize = meter.CreateHistogram<long>("gateway.orders.batch_size", unit: "{order}", description: "Orders written by one group commit",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 2, 4, 8, 16, 32, 64, 128, 256] });
        _ticks = meter.CreateCounter<long>("gateway.ticks.published", unit: "{tick}", description: "Market ticks published");
        meter.CreateObservableGauge("gateway.market.price", () => prices.All().Select(tick =>
            new Measurement<double>((double)tick.Price, new KeyValuePair<string, object?>("symbol", tick.Symbol))), unit: "{quote}", description: "Latest simulated price");
        _webSocketClients = meter.CreateUpDownCounter<long>("gateway.websocket.clients", unit: "{client}", description: "Connected WebSocket clients");
    }

    /// <summary>An order arrived.</summary>
    public void OrderReceived() => _received.Add(1);

    /// <summary>An order filled <paramref name="quantity"/> at <paramref name="price"/>, <paramref name="latency"/> after it arrived (or started resting).</summary>
    public void OrderFilled(string symbol, string side, decimal quantity, decimal price, TimeSpan latency)
    {
        var symbolTag = new KeyValuePair<string, object?>("symbol", symbol);
        var sideTag = new KeyValuePair<string, object?>("side", side);
        _filled.Add(1, symbolTag, sideTag);
        _fillLatency.Record(latency.TotalMilliseconds, symbolTag);
        _fillQuantity.Record((double)quantity, symbolTag, sideTag);
        _fillNotional.Record((double)(quantity * price), symbolTag, sideTag);
    }

    /// <summary>An order was refused (<paramref name="reason"/>: validation_failed, risk_rejected, client_order_id_conflict).</summary>
    public void OrderRejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>A group commit wrote <paramref name="orders"/> orders in one transaction.</summary>
    public void BatchCommitted(int orders) => _batchSize.Record(orders);

    /// <summary>A tick of <paramref name="symbol"/> was published.</summary>
    public void TickPublished(string symbol) => _ticks.Add(1, new KeyValuePair<string, object?>("symbol", symbol));

    /// <summary>A WebSocket client connected (+1) or left (-1).</summary>
    public void WebSocketClients(int delta) => _webSocketClients.Add(delta);
}
