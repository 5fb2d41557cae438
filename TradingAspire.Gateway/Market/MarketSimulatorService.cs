using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Streaming;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Market;

/// <summary>
/// Ticks every symbol at the configured rate: latest price in memory and in Redis <see cref="RedisKeys.Price"/> (its time
/// in <see cref="RedisKeys.PriceTime"/>), the tick on Redis <see cref="RedisKeys.TickChannel"/> and WebSocket
/// <c>/ws/market</c>, the recent ticks in Redis <see cref="RedisKeys.TickHistory"/>; then hands the price to the order sequencer, which fills the resting limit
/// orders it crossed.
/// </summary>
/// <remarks>
/// Telemetry: a tick is background work — counted by <c>gateway.ticks.published</c>, its Redis writes not traced
/// (they have no parent span, <c>BackgroundClientSpanFilter</c>), nothing logged per tick. Resting orders the tick
/// fills are written by the order sequencer in one trace, <c>order.fill_resting</c>, with its PostgreSQL statements.
/// </remarks>
public sealed class MarketSimulatorService(
    IOptions<GatewayOptions> options, MarketPrices prices, [FromKeyedServices(StreamHubs.Market)] WebSocketHub hub, IConnectionMultiplexer redis, OrderSequencer sequencer,
    GatewayMetrics metrics, TimeProvider timeProvider,
    ILogger<MarketSimulatorService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var seed = settings.Seed ?? Random.Shared.Next();
        logger.LogInformation("Market simulator: {Count} symbols, tick every {Interval} ms, seed {Seed}", settings.Symbols.Count, settings.TickIntervalMilliseconds, seed);
        var simulator = new GbmSimulator(settings.Symbols.ToDictionary(s => s.Key, s => s.Value.StartPrice), settings.TickDrift, settings.TickVolatility, seed);
        foreach (var symbol in settings.Symbols.Keys)
        {
            prices.Set(new MarketTick(symbol, simulator.Current(symbol), timeProvider.GetUtcNow()));
        }

        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.TickIntervalMilliseconds), timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var symbol in settings.Symbols.Keys)
                {
                    var tick = new MarketTick(symbol, simulator.Next(symbol), timeProvider.GetUtcNow());
                    Publish(tick);
                    sequencer.PriceMoved(tick);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private void Publish(MarketTick tick)
    {
        var historyLength = options.Value.TickHistoryLength;
        prices.Set(tick);
        var json = JsonSerializer.Serialize(tick);
        hub.Broadcast(tick.Symbol, json);
        try
        {
            // Fire and forget: a Redis outage must not slow the market; the health check reports it.
            var database = redis.GetDatabase();
            // One MSET so a reader never sees a price with another tick's time.
            database.StringSet(
            [
                new(RedisKeys.Price(tick.Symbol), tick.Price.ToString(CultureInfo.InvariantCulture)),
                new(RedisKeys.PriceTime(tick.Symbol), tick.Timestamp.ToString("O", CultureInfo.InvariantCulture)),
            ], flags: CommandFlags.FireAndForget);
            redis.GetSubscriber().Publish(RedisKeys.TickChannel(tick.Symbol), json, CommandFlags.FireAndForget);
            if (historyLength > 0)
            {
                var history = RedisKeys.TickHistory(tick.Symbol);
                database.ListLeftPush(history, json, flags: CommandFlags.FireAndForget);
                database.ListTrim(history, 0, historyLength - 1, CommandFlags.FireAndForget);
            }
        }
        catch (RedisException)
        {
            // Reported by the Redis health check.
        }

        metrics.TickPublished(tick.Symbol);
    }
}
