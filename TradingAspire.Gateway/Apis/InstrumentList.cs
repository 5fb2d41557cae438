using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Apis;

/// <summary>The body of <c>GET /api/instruments</c>: every symbol of <see cref="GatewayOptions.Symbols"/>, in its order.</summary>
/// <param name="Instruments">The symbols and their precision.</param>
public sealed record InstrumentList([property: JsonPropertyName("instruments")] IReadOnlyList<InstrumentContract> Instruments)
{
    /// <summary>The list the options describe.</summary>
    public static InstrumentList From(GatewayOptions options)
        => new(options.Symbols.Select(s => new InstrumentContract(s.Key, s.Value.PricePrecision, s.Value.QuantityPrecision)).ToList());
}
