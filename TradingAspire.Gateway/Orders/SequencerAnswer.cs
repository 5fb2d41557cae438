using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>What the <see cref="OrderSequencer"/> decided for a new order; given only after the decision is durable.</summary>
public abstract record SequencerAnswer
{
    /// <summary>The order was stored (filled, or resting): its order and execution rows as committed.</summary>
    public sealed record Accepted(OrderResult Result) : SequencerAnswer;

    /// <summary>The position limit refused the order; nothing was stored for it.</summary>
    public sealed record Refused(FieldError Reason) : SequencerAnswer;

    /// <summary>Its client order id belongs to an order that is stored (committed): answer with that order (200) or a conflict (409).</summary>
    public sealed record AlreadyUsed : SequencerAnswer
    {
        /// <summary>The one instance.</summary>
        public static AlreadyUsed Instance { get; } = new();
    }
}
