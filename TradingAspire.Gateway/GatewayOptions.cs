using System.ComponentModel.DataAnnotations;

namespace TradingAspire.Gateway;

/// <summary>Gateway settings, section <c>Gateway</c>; validated at startup.</summary>
public sealed class GatewayOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateway";

    /// <summary>Traded symbols and their start prices.</summary>
    [Required, MinLength(1)]
    public Dictionary<string, decimal> Symbols { get; set; } = new()
    {
        ["BTCUSDT"] = 65000m,
        ["ETHUSDT"] = 3500m,
        ["SOLUSDT"] = 150m,
    };

    /// <summary>Milliseconds between ticks of every symbol.</summary>
    [Range(10, 60_000)]
    public int TickIntervalMilliseconds { get; set; } = 250;

    /// <summary>Standard deviation of one tick's log return (GBM sigma·√dt).</summary>
    [Range(0.0, 0.1)]
    public double TickVolatility { get; set; } = 0.0005;

    /// <summary>Mean of one tick's log return before the Itô correction (GBM mu·dt).</summary>
    [Range(-0.01, 0.01)]
    public double TickDrift { get; set; }

    /// <summary>Ticks kept per symbol in Redis <c>ticks:{symbol}:history</c> (newest first), so a chart opened later has a past.</summary>
    [Range(0, 100_000)]
    public int TickHistoryLength { get; set; } = 2000;

    /// <summary>Seed of the market simulator; null picks a random one.</summary>
    public int? Seed { get; set; }

    /// <summary>Slippage of market orders in basis points (paid by the taker).</summary>
    [Range(0, 1000)]
    public decimal SlippageBasisPoints { get; set; } = 5m;

    /// <summary>Largest quantity accepted in one order.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    public decimal MaxOrderQuantity { get; set; } = 1_000m;

    /// <summary>Largest notional (quantity × price) accepted in one order.</summary>
    [Range(typeof(decimal), "1", "1000000000000")]
    public decimal MaxOrderNotional { get; set; } = 1_000_000m;

    /// <summary>
    /// The last migration script the gateway needs, as the migrations' DbUp journal records it (<c>schemaversions.scriptname</c>,
    /// the file name, e.g. <c>0007_order_sequencer.sql</c>). When set, the order book is read only once that script is
    /// applied (scripts are applied in name order, each with its journal row in its own transaction): until then orders
    /// get 503 and <c>/health</c> is Unhealthy, naming the script. The AppHost sets it (<c>Gateway__SchemaVersion</c>,
    /// the newest file of <c>db/migrations</c>) so that the gateway starts beside the migrations instead of after them.
    /// Null or empty (running by hand, a schema made otherwise): no check.
    /// </summary>
    [RegularExpression(@"^[^/\\]+\.sql$", ErrorMessage = "Gateway:SchemaVersion must be a migration script's file name such as 0007_order_sequencer.sql (no directory).")]
    public string? SchemaVersion { get; set; }

    /// <summary>Largest absolute net position per symbol.</summary>
    [Range(typeof(decimal), "0.00000001", "1000000000")]
    public decimal MaxPositionPerSymbol { get; set; } = 100m;
}
