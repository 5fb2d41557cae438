using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// Health check <c>OrderSequencer</c>: Unhealthy until the sequencer has read its state from PostgreSQL (at start, and
/// again after a failed journal write), so the gateway reports healthy only once it takes orders.
/// </summary>
public sealed class OrderSequencerHealthCheck(OrderSequencer sequencer) : IHealthCheck
{
    /// <summary>The check's name in <c>/health</c>.</summary>
    public const string Name = "OrderSequencer";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        => Task.FromResult(sequencer.UnavailableReason is { } reason
            ? HealthCheckResult.Unhealthy($"Orders are not taken: {reason}.")
            : HealthCheckResult.Healthy("Order book in memory matches PostgreSQL; orders are taken."));
}
