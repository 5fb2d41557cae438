using System.Collections.Concurrent;

namespace TradingAspire.Gateway.Market;

/// <summary>The latest tick of every symbol, shared by the order path and the APIs.</summary>
public sealed class MarketPrices
{
    private readonly ConcurrentDictionary<string, MarketTick> _latest = new(StringComparer.Ordinal);

    /// <summary>Known symbols.</summary>
    public IReadOnlyCollection<string> Symbols => _latest.Keys.ToList();

    /// <summary>Records a tick.</summary>
    public void Set(MarketTick tick) => _latest[tick.Symbol] = tick;

    /// <summary>The latest tick of a symbol, or null.</summary>
    public MarketTick? Get(string symbol) => _latest.GetValueOrDefault(symbol);

    /// <summary>Every latest tick.</summary>
    public IReadOnlyList<MarketTick> All() => _latest.Values.OrderBy(t => t.Symbol, StringComparer.Ordinal).ToList();
}
