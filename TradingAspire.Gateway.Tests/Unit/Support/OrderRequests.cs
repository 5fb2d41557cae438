namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// <c>POST /api/orders</c> as the tests send it: the JSON body as trading-api sends it (snake_case), a client order id
/// no other test uses, and the gateway's answer (always a JSON object) read back.
/// </summary>
internal static class OrderRequests
{
    /// <summary>A client order id no other test uses: <c>t-</c> and 32 hex digits.</summary>
    public static string NewClientOrderId() => $"t-{Guid.NewGuid():N}";

    /// <summary>
    /// The body of a market order: <paramref name="side"/> <c>buy</c> or <c>sell</c>, <paramref name="quantity"/> in the
    /// symbol's base unit (written in the invariant culture), <paramref name="clientOrderId"/> a new one when not given.
    /// </summary>
    public static string Market(string symbol, string side, decimal quantity, string? clientOrderId = null)
        => FormattableString.Invariant(
            $$"""{"client_order_id":"{{clientOrderId ?? NewClientOrderId()}}","symbol":"{{symbol}}","side":"{{side}}","type":"market","quantity":{{quantity}}}""");

    /// <summary>Posts <paramref name="json"/> unchanged (UTF-8, <c>application/json</c>) to <c>/api/orders</c>.</summary>
    public static Task<HttpResponseMessage> PostOrderAsync(this HttpClient client, string json, CancellationToken cancellationToken = default)
        => client.PostAsync("/api/orders", new StringContent(json, Encoding.UTF8, "application/json"), cancellationToken);

    /// <summary>Posts <paramref name="json"/> to <c>/api/orders</c> and returns the status and the JSON answer.</summary>
    /// <exception cref="JsonException">The answer is not JSON (its text is in the message).</exception>
    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostOrderForAnswerAsync(this HttpClient client, string json)
    {
        using var response = await client.PostOrderAsync(json);
        var text = await response.Content.ReadAsStringAsync();
        try
        {
            using var document = JsonDocument.Parse(text);
            return (response.StatusCode, document.RootElement.Clone());
        }
        catch (JsonException error)
        {
            throw new JsonException($"POST /api/orders answered {(int)response.StatusCode} with a body that is not JSON: '{text}'", error);
        }
    }
}
