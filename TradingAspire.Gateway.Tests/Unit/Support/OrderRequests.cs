namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// <c>POST /api/orders</c> as the tests send it: the JSON body as trading-api sends it (snake_case), a client order id
/// no other test uses, and the gateway's answer (always a JSON object) read back.
/// </summary>
internal static class OrderRequests
{
    /// <summary>
    /// Order bodies refused field by field (422 <c>validation_failed</c>; the gateway's default symbols and
    /// <c>Gateway:MaxOrderQuantity</c> of 1000): the body, the field and the reason exactly. The validator's test and the
    /// HTTP one against PostgreSQL (the same answer, nothing written) read this one list.
    /// </summary>
    public static TheoryData<string, string, string> Refused { get; } = new()
    {
        { """{"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "is required (example: \"c-1\")" },
        { """{"client_order_id":"c","side":"buy","quantity":1}""", "symbol", "is required (example: \"BTCUSDT\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","quantity":1}""", "side", "is required (example: \"buy\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy"}""", "quantity", "is required (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"1"}""", "quantity", "must be a JSON number, not the string \"1\" (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"NaN"}""", "quantity", "must be a JSON number, not the string \"NaN\" (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":"Infinity"}""", "quantity", "must be a JSON number, not the string \"Infinity\" (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":true}""", "quantity", "must be a JSON number, not the boolean true (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":[1]}""", "quantity", "must be a JSON number, not an array (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":{"v":1}}""", "quantity", "must be a JSON number, not an object (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":0}""", "quantity", "must be greater than 0 (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":-0}""", "quantity", "must be greater than 0 (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":-2}""", "quantity", "must be greater than 0 (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1000000}""", "quantity", "must be at most 1000 per order (risk limit Gateway:MaxOrderQuantity; example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1e-12}""", "quantity", "has 12 decimal places (1e-12): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":0.123456789012}""", "quantity", "has 12 decimal places (0.123456789012): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":1e400}""", "quantity", "is too large (1e400): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","quantity":12345678901234567890123456789}""", "quantity", "is too large (12345678901234567890123456789): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 0.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1e-30}""", "limit_price", "has 30 decimal places (1e-30): at most 10 are stored (smallest step 0.0000000001); it is not rounded for you (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1000000000000000000}""", "limit_price", "is too large (1000000000000000000): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1e30}""", "limit_price", "is too large (1e30): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"sell","type":"limit","quantity":1,"limit_price":1000000000000000000.0000000000}""", "limit_price", "is too large (1000000000000000000.0000000000): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999) (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":"64000"}""", "limit_price", "must be a JSON number, not the string \"64000\" (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"DOGEUSDT","side":"buy","quantity":1}""", "symbol", "unknown symbol 'DOGEUSDT'; known: BTCUSDT, ETHUSDT, SOLUSDT (example: \"BTCUSDT\")" },
        { """{"client_order_id":"c","symbol":"B","side":"buy","quantity":1}""", "symbol", "must be 2-20 letters A-Z or digits (example: BTCUSDT); known: BTCUSDT, ETHUSDT, SOLUSDT" },
        { """{"client_order_id":"c","symbol":"BTC-USDT","side":"buy","quantity":1}""", "symbol", "must be 2-20 letters A-Z or digits (example: BTCUSDT); known: BTCUSDT, ETHUSDT, SOLUSDT" },
        { """{"client_order_id":"c","symbol":5,"side":"buy","quantity":1}""", "symbol", "must be a non-empty string, not the number 5 (example: \"BTCUSDT\")" },
        { """{"client_order_id":"c","symbol":["BTCUSDT"],"side":"buy","quantity":1}""", "symbol", "must be a non-empty string, not an array (example: \"BTCUSDT\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"hold","quantity":1}""", "side", "must be 'buy' or 'sell' (example: \"buy\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"stop","quantity":1}""", "type", "must be 'market' or 'limit' (example: \"market\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":7,"quantity":1}""", "type", "must be a string, not the number 7 (example: \"market\")" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1}""", "limit_price", "is required for limit orders (example: 64000.5)" },
        { """{"client_order_id":"c","symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":-5}""", "limit_price", "must be greater than 0 (example: 64000.5)" },
        { """{"client_order_id":"has spaces","symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be 1-64 letters, digits or _ . : - (example: strategy-42)" },
        { """{"client_order_id":7,"symbol":"BTCUSDT","side":"buy","quantity":1}""", "client_order_id", "must be a non-empty string, not the number 7 (example: \"c-1\")" },
    };

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
