using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary><c>GET /api/positions</c>.</summary>
public static class PositionsApi
{
    /// <summary>Maps the positions route.</summary>
    public static IEndpointRouteBuilder MapPositionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/positions", async (OrderStore store, CancellationToken cancellationToken) => TypedResults.Json<IReadOnlyList<PositionContract>>((await store.PositionsAsync(cancellationToken)).Select(PositionContract.From).ToList(), GatewayJsonContext.Default.IReadOnlyListPositionContract));
        return app;
    }
}
