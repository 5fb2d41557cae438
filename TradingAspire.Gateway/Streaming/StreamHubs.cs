namespace TradingAspire.Gateway.Streaming;

/// <summary>
/// Keys of the gateway's two <see cref="WebSocketHub"/> instances, registered as keyed singletons (inject with
/// <c>[FromKeyedServices(StreamHubs.Market)] WebSocketHub hub</c>).
/// </summary>
public static class StreamHubs
{
    /// <summary>The market-data hub (<c>/ws/market</c>, topic = symbol).</summary>
    public const string Market = "market";

    /// <summary>The executions hub (<c>/ws/executions</c>).</summary>
    public const string Executions = "executions";
}
