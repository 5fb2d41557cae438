using TradingAspire.Gateway.Market;

namespace TradingAspire.Gateway.Tests.Unit;

public sealed class GbmSimulatorTests
{
    private static readonly Dictionary<string, decimal> Start = new() { ["BTCUSDT"] = 65000m, ["ETHUSDT"] = 3500m };

    [Fact]
    public void The_same_seed_gives_the_same_path()
    {
        var a = new GbmSimulator(Start, 0, 0.001, seed: 42);
        var b = new GbmSimulator(Start, 0, 0.001, seed: 42);

        Assert.Equal(Enumerable.Range(0, 100).Select(_ => a.Next("BTCUSDT")), Enumerable.Range(0, 100).Select(_ => b.Next("BTCUSDT")));
    }

    [Fact]
    public void Different_seeds_give_different_paths()
        => Assert.NotEqual(new GbmSimulator(Start, 0, 0.001, 1).Next("BTCUSDT"), new GbmSimulator(Start, 0, 0.001, 2).Next("BTCUSDT"));

    [Fact]
    public void Log_returns_have_the_configured_mean_and_volatility()
    {
        const double volatility = 0.002;
        const double drift = 0.0001;
        var simulator = new GbmSimulator(Start, drift, volatility, seed: 7);
        var previous = (double)simulator.Current("ETHUSDT");
        var returns = new List<double>();
        for (var i = 0; i < 50_000; i++)
        {
            var next = (double)simulator.Next("ETHUSDT");
            returns.Add(Math.Log(next / previous));
            previous = next;
        }

        var mean = returns.Average();
        var deviation = Math.Sqrt(returns.Sum(r => (r - mean) * (r - mean)) / (returns.Count - 1));
        // Expected mean drift − σ²/2; its standard error is σ/√n ≈ 9e-6, so 4e-5 is ~4.5 standard errors.
        Assert.InRange(mean, drift - volatility * volatility / 2 - 4e-5, drift - volatility * volatility / 2 + 4e-5);
        Assert.InRange(deviation, volatility * 0.98, volatility * 1.02);
    }

    [Fact]
    public void Prices_stay_positive()
    {
        var simulator = new GbmSimulator(Start, 0, 0.05, seed: 3);

        Assert.All(Enumerable.Range(0, 10_000).Select(_ => simulator.Next("BTCUSDT")), p => Assert.True(p > 0));
    }
}
