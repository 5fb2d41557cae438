using TradingAspire.Gateway.Market;

namespace TradingAspire.Gateway.Apis;

/// <summary><c>GET /api/market</c> and <c>GET /api/market/{symbol}</c>: latest prices.</summary>
public static class MarketApi
{
    /// <summary>Maps the market routes.</summary>
    public static IEndpointRouteBuilder MapMarketApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/market", (MarketPrices prices) => Results.Json(prices.All()));
        app.MapGet("/api/market/{symbol}", (string symbol, MarketPrices prices) => prices.Get(symbol.ToUpperInvariant()) is { } tick
            ? Results.Json(tick)
            : Results.Json(new ErrorBody("not_found", $"Unknown symbol '{symbol}'. Known: {string.Join(", ", prices.Symbols.Order())}.", []),
                statusCode: StatusCodes.Status404NotFound));
        return app;
    }
}
