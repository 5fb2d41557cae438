using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>What happened to a submitted order.</summary>
public abstract record OrderOutcome
{
    /// <summary>New order accepted (filled or resting).</summary>
    public sealed record Created(OrderResult Result) : OrderOutcome;

    /// <summary>The client order id was processed before; the earlier result.</summary>
    public sealed record Replayed(OrderResult Result) : OrderOutcome;

    /// <summary>Invalid input or a risk limit; nothing written.</summary>
    public sealed record Rejected(string Error, string Message, IReadOnlyList<FieldError> Errors) : OrderOutcome;

    /// <summary>The market has no price yet for the symbol.</summary>
    public sealed record Unavailable(string Message) : OrderOutcome;
}
