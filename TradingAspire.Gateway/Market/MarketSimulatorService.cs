using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Streaming;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Market;

/// <summary>
/// Ticks every symbol at the configured rate: latest price in memory and in Redis <c>price:{symbol}</c> (its time in
/// <c>price:{symbol}:at</c>), the tick on Redis <c>ticks:{symbol}</c> and WebSocket <c>/ws/market</c>, the recent ticks
/// in Redis <c>ticks:{symbol}:history</c>; then fills resting limit orders the price crossed.
/// </summary>
/// <remarks>
/// Telemetry: a tick is background work — counted by <c>gateway.ticks.published</c>, its Redis writes not traced
/// (they have no parent span, <c>BackgroundClientSpanFilter</c>), nothing logged per tick. The fill of a resting order
/// is one trace, <c>order.fill_resting</c>, with its PostgreSQL statements.
/// </remarks>
public sealed class MarketSimulatorService(
    IOptions<GatewayOptions> options, MarketPrices prices, MarketHub hub, IConnectionMultiplexer redis, OrderStore store,
    RestingOrderBook restingOrders, ExecutionPublisher publisher, GatewayMetrics metrics, TimeProvider timeProvider,
    ILogger<MarketSimulatorService> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var seed = settings.Seed ?? Random.Shared.Next();
        logger.LogInformation("Market simulator: {Count} symbols, tick every {Interval} ms, seed {Seed}", settings.Symbols.Count, settings.TickIntervalMilliseconds, seed);
        var simulator = new GbmSimulator(settings.Symbols, settings.TickDrift, settings.TickVolatility, seed);
        foreach (var symbol in settings.Symbols.Keys)
        {
            prices.Set(new MarketTick(symbol, simulator.Current(symbol), timeProvider.GetUtcNow()));
        }

        await LoadRestingOrdersAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(settings.TickIntervalMilliseconds), timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var symbol in settings.Symbols.Keys)
                {
                    var tick = new MarketTick(symbol, simulator.Next(symbol), timeProvider.GetUtcNow());
                    Publish(tick);
                    await FillCrossedOrdersAsync(tick, settings.MaxPositionPerSymbol, stoppingToken);
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
        hub.Hub.Broadcast(tick.Symbol, json);
        try
        {
            // Fire and forget: a Redis outage must not slow the market; the health check reports it.
            var database = redis.GetDatabase();
            // One MSET so a reader never sees a price with another tick's time.
            database.StringSet(
            [
                new($"price:{tick.Symbol}", tick.Price.ToString(CultureInfo.InvariantCulture)),
                new($"price:{tick.Symbol}:at", tick.Timestamp.ToString("O", CultureInfo.InvariantCulture)),
            ], flags: CommandFlags.FireAndForget);
            redis.GetSubscriber().Publish(RedisChannel.Literal($"ticks:{tick.Symbol}"), json, CommandFlags.FireAndForget);
            if (historyLength > 0)
            {
                var history = (RedisKey)$"ticks:{tick.Symbol}:history";
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

    private async Task FillCrossedOrdersAsync(MarketTick tick, decimal maxPosition, CancellationToken cancellationToken)
    {
        foreach (var order in restingOrders.Crossed(tick.Symbol, tick.Price))
        {
            // The fill of a resting order is a unit of work of its own (its statements are children of this span); the
            // tick's Redis writes are background work and are not traced (BackgroundClientSpanFilter).
            using var activity = GatewayMetrics.ActivitySource.StartActivity("order.fill_resting");
            activity?.SetTag("order.id", order.Id.ToString());
            activity?.SetTag("order.client_order_id", order.ClientOrderId);
            activity?.SetTag("order.symbol", order.Symbol);
            activity?.SetTag("order.side", order.Side);
            try
            {
                using var scope = logger.BeginScope(new Dictionary<string, object?>
                {
                    ["OrderId"] = order.Id, ["ClientOrderId"] = order.ClientOrderId, ["Symbol"] = order.Symbol,
                });
                var filled = await store.FillRestingAsync(order, tick.Price, maxPosition, StoredTime.Of(timeProvider.GetUtcNow()), cancellationToken);
                restingOrders.Remove(order.Id);
                if (filled is not null)
                {
                    metrics.OrderFilled(order.Symbol, order.Side, filled.Execution!.Quantity, filled.Execution.Price, timeProvider.GetUtcNow() - order.CreatedAt);
                    logger.LogInformation("Resting order filled: {Side} {Quantity} at {Price}", order.Side, filled.Execution.Quantity, filled.Execution.Price);
                    publisher.Publish(filled);
                }
                else
                {
                    logger.LogInformation("Resting order no longer fillable (filled elsewhere or beyond the position limit); dropped from the book");
                }
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
            {
                activity?.SetStatus(System.Diagnostics.ActivityStatusCode.Error, ex.Message);
                logger.LogWarning(ex, "Could not fill resting order {OrderId}; will retry on the next tick", order.Id);
            }
        }
    }

    private async Task LoadRestingOrdersAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var order in await store.RestingOrdersAsync(cancellationToken))
            {
                restingOrders.Add(order);
            }
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            logger.LogWarning(ex, "Could not load resting orders; only new ones will be watched");
        }
    }
}
