using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using TradingAspire.Gateway.Market;
using TradingAspire.Gateway.Persistence;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Orders;

/// <summary>The order path: validate → idempotency → risk → fill → one transaction → publish.</summary>
public sealed class OrderService(
    OrderStore store, MarketPrices prices, RestingOrderBook restingOrders, ExecutionPublisher publisher,
    GatewayMetrics metrics, IOptions<GatewayOptions> options, TimeProvider timeProvider)
{
    /// <summary>Handles one <c>POST /api/orders</c> body.</summary>
    public async Task<OrderOutcome> SubmitAsync(JsonElement body, CancellationToken cancellationToken)
    {
        var started = timeProvider.GetTimestamp();
        metrics.OrderReceived();
        using var activity = GatewayMetrics.ActivitySource.StartActivity("order.submit");
        var settings = options.Value;
        var (order, errors) = OrderValidator.Validate(body, settings.Symbols.Keys, settings.MaxOrderQuantity);
        if (order is null)
        {
            return Reject(activity, "validation_failed", "The order is invalid; see errors.", errors);
        }

        activity?.SetTag("order.client_order_id", order.ClientOrderId);
        activity?.SetTag("order.symbol", order.Symbol);
        activity?.SetTag("order.side", order.Side);
        // Idempotency is decided by the insert (ON CONFLICT), so a new order costs no lookup; the refusals below look
        // first, because a retry of an order that was accepted must get its result whatever the market does now.
        if (prices.Get(order.Symbol) is not { } tick)
        {
            return await ReplayAsync(activity, order, cancellationToken)
                ?? new OrderOutcome.Unavailable($"No market price for {order.Symbol} yet; retry in a moment.");
        }

        if (RiskRules.CheckNotional(order, tick.Price, settings.MaxOrderNotional) is { } notionalError)
        {
            return await ReplayAsync(activity, order, cancellationToken)
                ?? Reject(activity, "risk_rejected", "The order breaks a risk limit.", [notionalError]);
        }

        var fillPrice = FillEngine.FillPrice(order, tick.Price, settings.SlippageBasisPoints);
        var (result, positionError) = await InsertAsync(order, fillPrice, settings, cancellationToken);
        if (positionError is not null)
        {
            return Reject(activity, "risk_rejected", "The order breaks a risk limit.", [positionError]);
        }

        if (result is null)
        {
            // The client order id exists (a retry, or a concurrent request won the insert): answer with its result.
            return (await ReplayAsync(activity, order, cancellationToken))!;
        }

        activity?.SetTag("order.status", result.Order.Status);
        if (result.Execution is not null)
        {
            metrics.OrderFilled(order.Symbol, timeProvider.GetElapsedTime(started));
            publisher.Publish(result);
        }
        else
        {
            restingOrders.Add(result.Order);
        }

        return new OrderOutcome.Created(result);
    }

    private async Task<(OrderResult? Result, FieldError? PositionError)> InsertAsync(
        OrderRequest order, decimal? fillPrice, GatewayOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            return await store.InsertAsync(order, fillPrice, settings.MaxPositionPerSymbol, timeProvider.GetUtcNow(), cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return (null, null);
        }
    }

    private async Task<OrderOutcome?> ReplayAsync(Activity? activity, OrderRequest order, CancellationToken cancellationToken)
    {
        if (await store.FindByClientOrderIdAsync(order.ClientOrderId, cancellationToken) is not { } earlier)
        {
            return null;
        }

        activity?.SetTag("order.replayed", true);
        return new OrderOutcome.Replayed(earlier);
    }

    private OrderOutcome Reject(Activity? activity, string error, string message, IReadOnlyList<FieldError> errors)
    {
        metrics.OrderRejected(error);
        activity?.SetStatus(ActivityStatusCode.Error, error);
        return new OrderOutcome.Rejected(error, message, errors);
    }
}
