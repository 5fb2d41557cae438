namespace TradingAspire.Gateway.Orders;

/// <summary>The result of <see cref="NumericDomain.Check"/>: the exact value, or why the column cannot hold it.</summary>
public readonly record struct NumericCheck(decimal? Value, string? Problem)
{
    /// <summary>A value the column holds exactly.</summary>
    public static NumericCheck Valid(decimal value) => new(value, null);

    /// <summary>A value refused, with the reason (names the limit).</summary>
    public static NumericCheck Invalid(string problem) => new(null, problem);
}
