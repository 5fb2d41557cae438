using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Apis;

/// <summary>One traded symbol as <c>GET /api/instruments</c> answers it (and trading-api passes on to the UI).</summary>
/// <param name="Symbol">The symbol, upper-case.</param>
/// <param name="PricePrecision">Decimals a price is shown with.</param>
/// <param name="QuantityPrecision">Decimals a quantity is shown with.</param>
public sealed record InstrumentContract(
    [property: JsonPropertyName("symbol")] string Symbol,
    [property: JsonPropertyName("price_precision")] int PricePrecision,
    [property: JsonPropertyName("quantity_precision")] int QuantityPrecision);
