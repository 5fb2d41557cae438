using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using TradingAspire.Gateway.Market;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// The order path of one request: validate → notional risk → fill price (stateless, on the request's thread) →
/// <see cref="OrderSequencer"/> (idempotency, position limit, the journal; it publishes each fill on <c>/ws/executions</c>
/// once durable, before answering, whether or not the request is still waiting). Each log
/// line of an order is written in a scope carrying <c>ClientOrderId</c> and <c>Symbol</c> (and <c>OrderId</c> once
/// known), so every line of one order can be found.
/// </summary>
public sealed partial class OrderService(
    OrderStore store, OrderSequencer sequencer, MarketPrices prices,
    GatewayMetrics metrics, IOptions<GatewayOptions> options, TimeProvider timeProvider, ILogger<OrderService> logger)
{
    /// <summary>Handles one <c>POST /api/orders</c> body.</summary>
    /// <exception cref="OrderJournalUnavailableException">The order was not recorded; the client retries (503).</exception>
    public async Task<OrderOutcome> SubmitAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        metrics.OrderReceived();
        using var activity = GatewayMetrics.ActivitySource.StartActivity("order.submit");
        var settings = options.Value;
        var (order, errors) = OrderValidator.Validate(body, settings.Symbols.Keys, settings.MaxOrderQuantity);
        if (order is null)
        {
            LogInvalid(string.Join("; ", errors.Select(e => $"{e.Field} {e.Reason}")));
            return Reject(activity, "validation_failed", "The order is invalid; see errors.", errors);
        }

        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("order.client_order_id", order.ClientOrderId);
            activity.SetTag("order.symbol", order.Symbol);
            activity.SetTag("order.side", order.Side);
        }

        // A retry of an accepted order must get its result whatever the market does now: the refusals below look first.
        if (prices.Get(order.Symbol) is not { } tick)
        {
            return await ReplayAsync(activity, order, cancellationToken)
                ?? new OrderOutcome.Unavailable($"No market price for {order.Symbol} yet; retry in a moment.");
        }

        if (RiskRules.CheckNotional(order, tick.Price, settings.MaxOrderNotional) is { } notionalError)
        {
            return await ReplayAsync(activity, order, cancellationToken)
                ?? RejectRisk(activity, order, notionalError);
        }

        var fillPrice = FillEngine.FillPrice(order, tick.Price, settings.SlippageBasisPoints);
        switch (await sequencer.SubmitAsync(order, fillPrice, StoredTime.Of(timeProvider.GetUtcNow()), cancellationToken))
        {
            case SequencerAnswer.Refused refused:
                return RejectRisk(activity, order, refused.Reason);
            case SequencerAnswer.Accepted { Result: var result }:
                if (activity is { IsAllDataRequested: true })
                {
                    activity.SetTag("order.id", result.Order.Id);
                    activity.SetTag("order.status", result.Order.Status);
                }

                if (result.Execution is { } execution)
                {
                    metrics.OrderFilled(order.Symbol, order.Side, execution.Quantity, execution.Price, timeProvider.GetElapsedTime(started));
                    if (logger.IsEnabled(LogLevel.Debug))
                    {
                        using var scope = Scope(order, result.Order.Id);
                        LogFilled(order.Side, execution.Quantity, execution.Price);
                    }
                }
                else if (logger.IsEnabled(LogLevel.Debug))
                {
                    using var scope = Scope(order, result.Order.Id);
                    LogResting(order.Side, order.Quantity, order.LimitPrice);
                }

                return new OrderOutcome.Created(result);
            default:
                // The client order id is stored (a retry, or a concurrent request with the same id came first; the
                // sequencer answers only after that order committed): answer with it, or 409 if the bodies differ.
                return await ReplayAsync(activity, order, cancellationToken)
                    ?? throw new InvalidOperationException($"client_order_id '{order.ClientOrderId}' is marked used but no stored order has it.");
        }
    }

    private async Task<OrderOutcome?> ReplayAsync(Activity? activity, OrderRequest order, CancellationToken cancellationToken)
    {
        if (await store.FindByClientOrderIdAsync(order.ClientOrderId, cancellationToken) is not { } earlier)
        {
            return null;
        }

        var differences = IdempotencyCheck.Differences(earlier.Order, order);
        using var scope = Scope(order, earlier.Order.Id);
        if (differences.Count > 0)
        {
            LogConflict(earlier.Order.Id, string.Join(", ", differences.Select(d => $"{d.Field} {d.Reason}")));
            metrics.OrderRejected("client_order_id_conflict");
            activity?.SetStatus(ActivityStatusCode.Error, "client_order_id_conflict");
            return new OrderOutcome.Conflict(order.ClientOrderId, earlier.Order.Id, differences);
        }

        activity?.SetTag("order.replayed", true);
        LogReplayed(earlier.Order.Id);
        return new OrderOutcome.Replayed(earlier);
    }

    private OrderOutcome RejectRisk(Activity? activity, OrderRequest order, FieldError error)
    {
        using (Scope(order, null))
        {
            LogRiskRejected(error.Reason);
        }

        return Reject(activity, "risk_rejected", "The order breaks a risk limit.", [error]);
    }

    // Every line of one order carries ClientOrderId and Symbol (and OrderId once known) as scopes. Opened only around a
    // line that is written: a scope per order costs a dictionary and an async-local change on the hot path.
    private IDisposable? Scope(OrderRequest order, Guid? orderId) => orderId is { } id
        ? logger.BeginScope(new Dictionary<string, object?> { ["ClientOrderId"] = order.ClientOrderId, ["Symbol"] = order.Symbol, ["OrderId"] = id })
        : logger.BeginScope(new Dictionary<string, object?> { ["ClientOrderId"] = order.ClientOrderId, ["Symbol"] = order.Symbol });

    private OrderOutcome Reject(Activity? activity, string error, string message, IReadOnlyList<FieldError> errors)
    {
        metrics.OrderRejected(error);
        activity?.SetStatus(ActivityStatusCode.Error, error);
        return new OrderOutcome.Rejected(error, message, errors);
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Order filled: {Side} {Quantity} at {Price}")]
    private partial void LogFilled(string side, decimal quantity, decimal price);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Order resting: {Side} {Quantity} limit {LimitPrice}")]
    private partial void LogResting(string side, decimal quantity, decimal? limitPrice);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Order replayed: client order id already used for the same order {OrderId}")]
    private partial void LogReplayed(Guid orderId);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "Order refused: client order id already used for order {OrderId}, which differs: {Differences}")]
    private partial void LogConflict(Guid orderId, string differences);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Order rejected by risk: {Reason}")]
    private partial void LogRiskRejected(string reason);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Order invalid: {Errors}")]
    private partial void LogInvalid(string errors);
}
