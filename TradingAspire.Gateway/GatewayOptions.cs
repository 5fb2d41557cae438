using System.ComponentModel.DataAnnotations;

namespace TradingAspire.Gateway;

/// <summary>
/// Gateway settings, section <c>Gateway</c> (environment <c>Gateway__Key</c>, or the <c>Gateway</c> section of
/// appsettings.json). Checked before the host is built, so a bad value stops the gateway before it opens any connection,
/// and again at start on the options as configured in code too (<see cref="GatewayOptionsCheck"/>: each failure names the
/// key, the value, the expected form and an example).
/// </summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>
    /// The traded symbols, each with its start price and display precision: the one list of symbols of the system
    /// (trading-api and the UI read it through <c>GET /api/instruments</c>). Configuration adds to these three
    /// (<c>Gateway__Symbols__DOGEUSDT__StartPrice=0.12</c>) or changes one (<c>Gateway__Symbols__BTCUSDT__StartPrice=70000</c>).
    /// </summary>
    [Required, MinLength(1)]
    public Dictionary<string, InstrumentOptions> Symbols { get; set; } = new()
    {
        ["BTCUSDT"] = new() { StartPrice = 65000m, PricePrecision = 2, QuantityPrecision = 4 },
        ["ETHUSDT"] = new() { StartPrice = 3500m, PricePrecision = 2, QuantityPrecision = 3 },
        ["SOLUSDT"] = new() { StartPrice = 150m, PricePrecision = 3, QuantityPrecision = 2 },
    };

    /// <summary>Milliseconds between ticks of every symbol.</summary>
    [Range(10, 60_000)]
    [Setting("a whole number of milliseconds from 10 to 60000", "250")]
    public int TickIntervalMilliseconds { get; set; } = 250;

    /// <summary>Standard deviation of one tick's log return (GBM sigma·√dt).</summary>
    [Range(0.0, 0.1)]
    [Setting("a number from 0 to 0.1 (the standard deviation of one tick's log return)", "0.0005")]
    public double TickVolatility { get; set; } = 0.0005;

    /// <summary>Mean of one tick's log return before the Itô correction (GBM mu·dt).</summary>
    [Range(-0.01, 0.01)]
    [Setting("a number from -0.01 to 0.01 (the mean of one tick's log return)", "0")]
    public double TickDrift { get; set; }

    /// <summary>Ticks kept per symbol in Redis <c>ticks:{symbol}:history</c> (newest first), so a chart opened later has a past.</summary>
    [Range(0, 100_000)]
    [Setting("a whole number of ticks from 0 to 100000", "2000")]
    public int TickHistoryLength { get; set; } = 2000;

    /// <summary>Seed of the market simulator; null picks a random one.</summary>
    [Setting("a whole number from -2147483648 to 2147483647, or empty for a random seed", "42")]
    public int? Seed { get; set; }

    /// <summary>Slippage of market orders in basis points (paid by the taker).</summary>
    [Range(0, 1000)]
    [Setting("a number of basis points from 0 to 1000", "5")]
    public decimal SlippageBasisPoints { get; set; } = 5m;

    /// <summary>Largest quantity accepted in one order.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    [Setting("a quantity from 0.00000001 to 1000000000", "1000")]
    public decimal MaxOrderQuantity { get; set; } = 1_000m;

    /// <summary>Largest notional (quantity × price) accepted in one order.</summary>
    [Range(typeof(decimal), "1", "1000000000000")]
    [Setting("a notional (quantity × price) from 1 to 1000000000000", "1000000")]
    public decimal MaxOrderNotional { get; set; } = 1_000_000m;

    /// <summary>
    /// The last migration script the gateway needs, as the migrations' DbUp journal records it (<c>schemaversions.scriptname</c>,
    /// the file name, e.g. <c>0007_order_sequencer.sql</c>). When set, the order book is read only once that script is
    /// applied (scripts are applied in name order, each with its journal row in its own transaction): until then orders
    /// get 503 and <c>/health</c> is Unhealthy, naming the script. The AppHost sets it (<c>Gateway__SchemaVersion</c>,
    /// the newest file of <c>db/migrations</c>) so that the gateway starts beside the migrations instead of after them.
    /// Null or empty (running by hand, a schema made otherwise): no check.
    /// </summary>
    [RegularExpression(@"^[^/\\]+\.sql$")]
    [Setting("a migration script's file name ending in .sql, without a directory, or empty for no check", "0007_order_sequencer.sql")]
    public string? SchemaVersion { get; set; }

    /// <summary>
    /// How long the order sequencer keeps a client order id in memory after its order's <c>created_at</c> (hh:mm:ss;
    /// default 15 minutes; 1 second to 1 day). Within it, a reused id is found in memory; after it, PostgreSQL's unique
    /// key on <c>orders.client_order_id</c> finds it (one rolled-back batch and a re-read of the book, then the same
    /// answer): idempotency is exact either way, the window only bounds memory (about 150 bytes per id:
    /// docs/architecture.md, "Order path") against how often a late retry takes the slower path.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    [Setting("a time span hh:mm:ss or d.hh:mm:ss from 00:00:01 to 1.00:00:00 (00:15:00 is 15 minutes)", "00:15:00")]
    public TimeSpan ClientOrderIdWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Largest absolute net position per symbol.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    [Setting("a quantity from 0.00000001 to 1000000000", "100")]
    public decimal MaxPositionPerSymbol { get; set; } = 100m;
}
