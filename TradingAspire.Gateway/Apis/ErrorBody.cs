using System.Text.Json.Serialization;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Apis;

/// <summary>The error body every 4xx/5xx of the trading services uses.</summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("errors")] IReadOnlyList<ErrorField> Errors)
{
    /// <summary>From field errors.</summary>
    public static ErrorBody From(string error, string message, IEnumerable<FieldError> errors)
        => new(error, message, errors.Select(e => new ErrorField(e.Field, e.Reason)).ToList());
}

/// <summary>One field and the reason it is invalid.</summary>
public sealed record ErrorField([property: JsonPropertyName("field")] string Field, [property: JsonPropertyName("reason")] string Reason);
