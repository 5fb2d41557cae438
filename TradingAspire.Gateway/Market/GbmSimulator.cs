namespace TradingAspire.Gateway.Market;

/// <summary>
/// Geometric Brownian motion per symbol: S(t+1) = S(t)·exp(drift − σ²/2 + σ·Z), Z standard normal from a seeded
/// generator, so a seed reproduces the same path.
/// </summary>
public sealed class GbmSimulator(IReadOnlyDictionary<string, decimal> startPrices, double drift, double volatility, int seed)
{
    private readonly Random _random = new(seed);
    private readonly Dictionary<string, double> _prices = startPrices.ToDictionary(p => p.Key, p => (double)p.Value);

    /// <summary>Advances one symbol by one tick and returns its new price (8 decimals).</summary>
    public decimal Next(string symbol)
    {
        var z = StandardNormal();
        var price = _prices[symbol] * Math.Exp(drift - volatility * volatility / 2 + volatility * z);
        _prices[symbol] = price;
        return Math.Round((decimal)price, 8);
    }

    /// <summary>The current price of a symbol.</summary>
    public decimal Current(string symbol) => Math.Round((decimal)_prices[symbol], 8);

    private double StandardNormal()
    {
        // Box–Muller; 1 − U keeps the logarithm's argument in (0, 1].
        var u1 = 1.0 - _random.NextDouble();
        var u2 = _random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
