namespace TradingAspire.Gateway.Streaming;

/// <summary>The market-data hub (<c>/ws/market</c>, topic = symbol).</summary>
public sealed class MarketHub(WebSocketHub hub)
{
    /// <summary>The underlying hub.</summary>
    public WebSocketHub Hub { get; } = hub;
}

/// <summary>The executions hub (<c>/ws/executions</c>).</summary>
public sealed class ExecutionsHub(WebSocketHub hub)
{
    /// <summary>The underlying hub.</summary>
    public WebSocketHub Hub { get; } = hub;
}
