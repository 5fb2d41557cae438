using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using TradingAspire.Gateway.Orders;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Apis;

/// <summary>
/// <c>POST /api/orders</c> and <c>GET /api/orders/{id}</c>. POST answers 201 (new order), 200 (the same order sent
/// again under its client order id), 400 (the body is not JSON), 409 (the client order id was used for a different
/// order), 413 (body over <see cref="OrderFieldDomain.MaxBodyBytes"/> bytes), 422 (a field is invalid or a risk limit
/// is broken) or 503 (no market price yet, or PostgreSQL unavailable); every refusal writes nothing and names the field.
/// Handlers return typed results (<see cref="Results{TResult1, TResult2}"/>), which also describe the answers in the
/// endpoint metadata; the answers are the API contracts (<see cref="OrderResponse"/>, <see cref="ErrorBody"/>), not the
/// stored records.
/// </summary>
public static class OrdersApi
{
    private static GatewayJsonContext Json => GatewayJsonContext.Default;

    /// <summary>Maps the order routes.</summary>
    public static IEndpointRouteBuilder MapOrdersApi(this IEndpointRouteBuilder app)
    {
        var orders = app.MapGroup("/api/orders");
        orders.MapPost("/", SubmitAsync);
        orders.MapGet("/{id:guid}", GetAsync);
        return app;
    }

    private static async Task<Results<JsonHttpResult<OrderResponse>, JsonHttpResult<ErrorBody>>> SubmitAsync(HttpContext context, OrderService service, CancellationToken cancellationToken)
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
            catch (Exception ex) when (ex is OrderJournalUnavailableException or NpgsqlException or TimeoutException)
            {
                // Nothing was acknowledged: the order's journal batch did not commit. The health check says more.
                return TypedResults.Json(new ErrorBody("storage_unavailable",
                    $"The order was not recorded: PostgreSQL is unavailable ({ex.Message}). Retry with the same client_order_id; GET /health shows the storage state.", []),
                    Json.ErrorBody, statusCode: StatusCodes.Status503ServiceUnavailable);
            }

            return outcome switch
            {
                OrderOutcome.Created created => TypedResults.Json(OrderResponse.From(created.Result), Json.OrderResponse, statusCode: StatusCodes.Status201Created),
                OrderOutcome.Replayed replayed => TypedResults.Json(OrderResponse.From(replayed.Result), Json.OrderResponse, statusCode: StatusCodes.Status200OK),
                OrderOutcome.Rejected rejected => TypedResults.Json(ErrorBody.From(rejected.Error, rejected.Message, rejected.Errors), Json.ErrorBody, statusCode: StatusCodes.Status422UnprocessableEntity),
                OrderOutcome.Conflict conflict => TypedResults.Json(ErrorBody.From("client_order_id_conflict",
                    $"client_order_id '{conflict.ClientOrderId}' was already used for a different order ({conflict.ExistingOrderId}); " +
                    $"differs: {string.Join(", ", conflict.Differences.Select(d => $"{d.Field} ({d.Reason})"))}. " +
                    "Send the same order to get its result again, or use a new client_order_id for a new order.", conflict.Differences),
                    Json.ErrorBody, statusCode: StatusCodes.Status409Conflict),
                OrderOutcome.Unavailable unavailable => TypedResults.Json(new ErrorBody("market_unavailable", unavailable.Message, []), Json.ErrorBody, statusCode: StatusCodes.Status503ServiceUnavailable),
                _ => throw new InvalidOperationException("Unknown order outcome."),
            };
        }
    }

    /// <summary>The parsed body, or the 400/413 answer. The body is read under a size limit whatever Content-Length says.</summary>
    private static async Task<(JsonDocument? Document, JsonHttpResult<ErrorBody>? Refusal)> ReadBodyAsync(HttpContext context, CancellationToken cancellationToken)
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

        // Read from Kestrel's pipe buffers (no growing MemoryStream and second copy).
        var reader = context.Request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await reader.ReadAsync(cancellationToken);
                if (read.Buffer.Length > limit)
                {
                    reader.AdvanceTo(read.Buffer.End);
                    return (null, TooLarge(read.Buffer.Length));
                }

                if (read.IsCompleted)
                {
                    break;
                }

                reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return (null, TooLarge(null));
        }

        // One copy, of the body's size: JsonDocument keeps reading the memory it parsed (it does not copy a single
        // segment), and Kestrel reuses its pipe buffers once they are released.
        var body = read.Buffer.ToArray();
        reader.AdvanceTo(read.Buffer.End);
        try
        {
            return (JsonDocument.Parse(body), null);
        }
        catch (JsonException ex)
        {
            return (null, InvalidJson(body, ex));
        }
    }

    private static JsonHttpResult<ErrorBody> InvalidJson(byte[] body, JsonException ex)
    {
        var field = JsonErrorLocator.FieldAtError(body) ?? "body";
        var position = ex.BytePositionInLine is { } at ? $" at byte {at + 1}" : "";
        return TypedResults.Json(new ErrorBody("invalid_json",
                $"The body is not valid JSON{(field == "body" ? "" : $" (in field '{field}')")}{position}: {FirstSentence(ex.Message)} " +
                $"Numbers are plain JSON numbers (NaN and Infinity are not JSON). Example: {OrderValidator.ExampleBody}",
                [new ErrorField(field, $"must be valid JSON (example body: {OrderValidator.ExampleBody})")]),
            Json.ErrorBody, statusCode: StatusCodes.Status400BadRequest);
    }

    private static JsonHttpResult<ErrorBody> TooLarge(long? length) => TypedResults.Json(new ErrorBody("body_too_large",
            $"The body{(length is { } l ? $" is {l} bytes; it" : "")} must be at most {OrderFieldDomain.MaxBodyBytes} bytes. An order is a small JSON object (example: {OrderValidator.ExampleBody}).",
            [new ErrorField("body", $"must be at most {OrderFieldDomain.MaxBodyBytes} bytes")]),
        Json.ErrorBody, statusCode: StatusCodes.Status413PayloadTooLarge);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(" LineNumber:", StringComparison.Ordinal) is var line and > 0 ? line : message.IndexOf(" Path:", StringComparison.Ordinal);
        return (end > 0 ? message[..end] : message).Trim();
    }

    private static async Task<Results<JsonHttpResult<OrderDetails>, JsonHttpResult<ErrorBody>>> GetAsync(Guid id, OrderStore store, CancellationToken cancellationToken)
        => await store.GetAsync(id, cancellationToken) is { } found
            ? TypedResults.Json(new OrderDetails(OrderContract.From(found.Order), found.Executions.Select(ExecutionContract.From).ToList()), Json.OrderDetails)
            : TypedResults.Json(new ErrorBody("not_found", $"No order with id {id}.", []), Json.ErrorBody, statusCode: StatusCodes.Status404NotFound);
}
