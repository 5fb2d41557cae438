namespace TradingAspire.Bench.Load;

/// <summary>The orders the open-loop benchmarks send (<see cref="OpenLoopOrders"/> to the gateway, the soak's trades to trading-api).</summary>
internal static class BenchOrders
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];

    /// <summary>
    /// Order <paramref name="n"/> of a run as JSON: a market order of 0.001 on the three symbols in turn, sides
    /// alternating every three orders so that positions stay inside the risk limits, client order id
    /// <c>{prefix}-{n}</c> (unique when <paramref name="prefix"/> is unique to the run).
    /// </summary>
    public static string Market(string prefix, long n)
        => $$"""{"client_order_id":"{{prefix}}-{{n}}","symbol":"{{Symbols[n % 3]}}","side":"{{(n / 3 % 2 == 0 ? "buy" : "sell")}}","type":"market","quantity":0.001}""";
}
