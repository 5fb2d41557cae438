namespace TradingAspire.Gateway.Orders;

/// <summary>One invalid field and why.</summary>
public sealed record FieldError(string Field, string Reason);
