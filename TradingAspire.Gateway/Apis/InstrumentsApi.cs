using Microsoft.Extensions.Options;

namespace TradingAspire.Gateway.Apis;

/// <summary><c>GET /api/instruments</c>: the symbols the gateway trades (its <c>Gateway:Symbols</c> option) and their precision.</summary>
public static class InstrumentsApi
{
    /// <summary>The route's path; the same on trading-api, which forwards it.</summary>
    public const string Path = "/api/instruments";

    /// <summary>Maps the instruments route.</summary>
    public static IEndpointRouteBuilder MapInstrumentsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (IOptions<GatewayOptions> options) => TypedResults.Json(InstrumentList.From(options.Value), GatewayJsonContext.Default.InstrumentList));
        return app;
    }
}
