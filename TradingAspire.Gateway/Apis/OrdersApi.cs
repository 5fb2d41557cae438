using System.Text.Json;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary><c>POST /api/orders</c> and <c>GET /api/orders/{id}</c>.</summary>
public static class OrdersApi
{
    /// <summary>Maps the order routes.</summary>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders");
        orders.MapPost("/", SubmitAsync);
        orders.MapGet("/{id:guid}", GetAsync);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpRequest request, OrderService service, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            return Results.Json(new ErrorBody("invalid_json", $"The body is not valid JSON: {ex.Message}",
                [new ErrorField("body", "must be a JSON object (example: {\"client_order_id\": \"c-1\", \"symbol\": \"BTCUSDT\", \"side\": \"buy\", \"type\": \"market\", \"quantity\": 0.5})")]),
                statusCode: StatusCodes.Status400BadRequest);
        }

        using (document)
        {
            return await service.SubmitAsync(document.RootElement, cancellationToken) switch
            {
                OrderOutcome.Created created => Results.Json(created.Result, statusCode: StatusCodes.Status201Created),
                OrderOutcome.Replayed replayed => Results.Json(replayed.Result, statusCode: StatusCodes.Status200OK),
                OrderOutcome.Rejected rejected => Results.Json(ErrorBody.From(rejected.Error, rejected.Message, rejected.Errors), statusCode: StatusCodes.Status422UnprocessableEntity),
                OrderOutcome.Unavailable unavailable => Results.Json(new ErrorBody("market_unavailable", unavailable.Message, []), statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => throw new InvalidOperationException("Unknown order outcome."),
            };
        }
    }

    private static async Task<IResult> GetAsync(Guid id, OrderStore store, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { } found
            ? Results.Json(new { order = found.Order, executions = found.Executions })
            : Results.Json(new ErrorBody("not_found", $"No order with id {id}.", []), statusCode: StatusCodes.Status404NotFound);
}
