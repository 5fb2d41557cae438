using StackExchange.Redis;

namespace TradingAspire.Gateway.Market;

/// <summary>
/// The Redis keys and channels the gateway writes for trading-api and the strategy, defined once for C#. Python's
/// definition is <c>apps/common/tradingaspire_common/contracts.py</c>; both are checked against
/// <c>eng/contracts/cross-service.json</c> (<c>CrossServiceContractsTests</c> here, <c>test_contracts.py</c> there).
/// </summary>
public static class RedisKeys
{
    /// <summary>Pattern (<c>PSUBSCRIBE</c>) of every symbol's tick channel: the strategy subscribes to it.</summary>
    public const string TickChannelPattern = "ticks:*";

    /// <summary>String key of a symbol's latest price as invariant decimal text (<c>price:BTCUSDT</c> = <c>65032.51</c>).</summary>
    public static RedisKey Price(string symbol) => $"price:{symbol}";

    /// <summary>String key of the time of a symbol's latest price, ISO 8601 (<c>O</c>), written in the same MSET as the price.</summary>
    public static RedisKey PriceTime(string symbol) => $"price:{symbol}:at";

    /// <summary>Pub/sub channel of a symbol's ticks, one <see cref="MarketTick"/> as JSON per message.</summary>
    public static RedisChannel TickChannel(string symbol) => RedisChannel.Literal($"ticks:{symbol}");

    /// <summary>List of a symbol's recent ticks as JSON, newest first, at most <see cref="GatewayOptions.TickHistoryLength"/> long.</summary>
    public static RedisKey TickHistory(string symbol) => $"ticks:{symbol}:history";
}
