using System.Text.Json;
using System.Text.Json.Serialization;

namespace TradingAspire.Gateway.Apis;

/// <summary>
/// System.Text.Json source generation for the gateway's answers (web defaults, as ASP.NET Core's own options): the
/// serializers are generated at build time, so an answer needs no reflection and no run-time metadata.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(OrderDetails))]
[JsonSerializable(typeof(ErrorBody))]
[JsonSerializable(typeof(InstrumentList))]
[JsonSerializable(typeof(IReadOnlyList<PositionContract>))]
public sealed partial class GatewayJsonContext : JsonSerializerContext;
