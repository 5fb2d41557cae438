using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>What happened to a submitted order.</summary>
public abstract record OrderOutcome
{
    /// <summary>New order accepted (filled or resting): 201.</summary>
    public sealed record Created(OrderResult Result) : OrderOutcome;

    /// <summary>The same order was sent before under this client order id; the earlier result: 200.</summary>
    public sealed record Replayed(OrderResult Result) : OrderOutcome;

    /// <summary>Invalid input or a risk limit; nothing written: 422.</summary>
    public sealed record Rejected(string Error, string Message, IReadOnlyList<FieldError> Errors) : OrderOutcome;

    /// <summary>The client order id was used for a different order; nothing written: 409. <paramref name="Differences"/> names each field that differs.</summary>
    public sealed record Conflict(string ClientOrderId, Guid ExistingOrderId, IReadOnlyList<FieldError> Differences) : OrderOutcome;

    /// <summary>The market has no price yet for the symbol: 503.</summary>
    public sealed record Unavailable(string Message) : OrderOutcome;
}
