using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Npgsql;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>
/// <c>POST /api/orders</c> and <c>GET /api/orders/{id}</c>. POST answers 201 (new order), 200 (the same order sent
/// again under its client order id), 400 (the body is not JSON), 409 (the client order id was used for a different
/// order), 413 (body over <see cref="OrderFieldDomain.MaxBodyBytes"/> bytes), 422 (a field is invalid or a risk limit
/// is broken) or 503 (no market price yet, or PostgreSQL unavailable); every refusal writes nothing and names the field.
/// </summary>
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

    private static async Task<IResult> SubmitAsync(HttpContext context, OrderService service, CancellationToken cancellationToken)
    {
        var (document, refusal) = await ReadBodyAsync(context, cancellationToken);
        if (refusal is not null)
        {
            return refusal;
        }

        using (document)
        {
            OrderOutcome outcome;
            try
            {
                outcome = await service.SubmitAsync(document!.RootElement, cancellationToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
            {
                // Nothing was acknowledged: the order's transaction did not commit. The health check says more.
                return Results.Json(new ErrorBody("storage_unavailable",
                    $"The order was not recorded: PostgreSQL is unavailable ({ex.Message}). Retry with the same client_order_id; GET /health shows the storage state.", []),
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return outcome switch
            {
                OrderOutcome.Created created => Results.Json(created.Result, statusCode: StatusCodes.Status201Created),
                OrderOutcome.Replayed replayed => Results.Json(replayed.Result, statusCode: StatusCodes.Status200OK),
                OrderOutcome.Rejected rejected => Results.Json(ErrorBody.From(rejected.Error, rejected.Message, rejected.Errors), statusCode: StatusCodes.Status422UnprocessableEntity),
                OrderOutcome.Conflict conflict => Results.Json(ErrorBody.From("client_order_id_conflict",
                    $"client_order_id '{conflict.ClientOrderId}' was already used for a different order ({conflict.ExistingOrderId}); " +
                    $"differs: {string.Join(", ", conflict.Differences.Select(d => $"{d.Field} ({d.Reason})"))}. " +
                    "Send the same order to get its result again, or use a new client_order_id for a new order.", conflict.Differences),
                    statusCode: StatusCodes.Status409Conflict),
                OrderOutcome.Unavailable unavailable => Results.Json(new ErrorBody("market_unavailable", unavailable.Message, []), statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => throw new InvalidOperationException("Unknown order outcome."),
            };
        }
    }

    /// <summary>The parsed body, or the 400/413 answer. The body is read under a size limit whatever Content-Length says.</summary>
    private static async Task<(JsonDocument? Document, IResult? Refusal)> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var limit = OrderFieldDomain.MaxBodyBytes;
        if (context.Request.ContentLength > limit)
        {
            return (null, TooLarge(context.Request.ContentLength.Value));
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = limit;
        }

        byte[] body;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            body = buffer.ToArray();
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(null));
        }

        if (body.Length > limit)
        {
            return (null, TooLarge(body.Length));
        }

        try
        {
            return (JsonDocument.Parse(body), null);
        }
        catch (JsonException ex)
        {
            var field = JsonErrorLocator.FieldAtError(body) ?? "body";
            var position = ex.BytePositionInLine is { } at ? $" at byte {at + 1}" : "";
            return (null, Results.Json(new ErrorBody("invalid_json",
                    $"The body is not valid JSON{(field == "body" ? "" : $" (in field '{field}')")}{position}: {FirstSentence(ex.Message)} " +
                    $"Numbers are plain JSON numbers (NaN and Infinity are not JSON). Example: {OrderValidator.ExampleBody}",
                    [new ErrorField(field, $"must be valid JSON (example body: {OrderValidator.ExampleBody})")]),
                statusCode: StatusCodes.Status400BadRequest));
        }
    }

    private static IResult TooLarge(long? length) => Results.Json(new ErrorBody("body_too_large",
            $"The body{(length is { } l ? $" is {l} bytes; it" : "")} must be at most {OrderFieldDomain.MaxBodyBytes} bytes. An order is a small JSON object (example: {OrderValidator.ExampleBody}).",
            [new ErrorField("body", $"must be at most {OrderFieldDomain.MaxBodyBytes} bytes")]),
        statusCode: StatusCodes.Status413PayloadTooLarge);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var line and > 0 ? line : message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }

    private static async Task<IResult> GetAsync(Guid id, OrderStore store, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { } found
            ? Results.Json(new { order = found.Order, executions = found.Executions })
            : Results.Json(new ErrorBody("not_found", $"No order with id {id}.", []), statusCode: StatusCodes.Status404NotFound);
}
