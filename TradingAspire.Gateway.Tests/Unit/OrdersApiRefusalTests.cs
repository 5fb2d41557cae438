namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// <c>POST /api/orders</c> of the real gateway against a real PostgreSQL: every value the storage cannot hold, every
/// body that is not an order, is a 4xx naming the field, and writes nothing.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class OrdersApiRefusalTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Valid = """ "symbol":"BTCUSDT","side":"buy","type":"market","quantity":0.5 """;

    [Theory]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":1e-12 """, "quantity", "has 12 decimal places (1e-12): at most 10 are stored")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1,"limit_price":1e-30 """, "limit_price", "has 30 decimal places (1e-30): at most 10 are stored")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":0.123456789012 """, "quantity", "has 12 decimal places (0.123456789012)")]
    [InlineData(""" "symbol":"BTCUSDT","side":"sell","type":"limit","quantity":1,"limit_price":1000000000000000000.0000000000 """, "limit_price", "is too large (1000000000000000000.0000000000): at most 18 digits before the decimal point are stored (largest 999999999999999999.9999999999)")]
    [InlineData(""" "symbol":"BTCUSDT","side":"sell","type":"limit","quantity":1,"limit_price":12345678901234567890123456789 """, "limit_price", "is too large (12345678901234567890123456789)")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":1e30 """, "quantity", "is too large (1e30)")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":-0 """, "quantity", "must be greater than 0 (example: 0.5)")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":"NaN" """, "quantity", "must be a JSON number, not the string \"NaN\"")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":"Infinity" """, "quantity", "must be a JSON number, not the string \"Infinity\"")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"market","quantity":false """, "quantity", "must be a JSON number, not the boolean false")]
    [InlineData(""" "symbol":["BTCUSDT"],"side":"buy","type":"market","quantity":1 """, "symbol", "must be a non-empty string, not an array")]
    [InlineData(""" "symbol":"DOGEUSDT","side":"buy","type":"market","quantity":1 """, "symbol", "unknown symbol 'DOGEUSDT'")]
    [InlineData(""" "symbol":"BTCUSDT","side":"short","type":"market","quantity":1 """, "side", "must be 'buy' or 'sell'")]
    [InlineData(""" "symbol":"BTCUSDT","side":"buy","type":"limit","quantity":1 """, "limit_price", "is required for limit orders")]
    public async Task A_field_the_storage_cannot_hold_is_422_naming_it_and_nothing_is_written(string fields, string field, string reason)
    {
        var clientOrderId = OrderRequests.NewClientOrderId();

        var (status, body) = await PostAsync($$"""{"client_order_id":"{{clientOrderId}}",{{fields}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("validation_failed", body.GetProperty("error").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Contains(reason, error.GetProperty("reason").GetString());
        Assert.Contains("example", error.GetProperty("reason").GetString());
        Assert.Equal(0L, await gateway.Storage.OrderCountAsync(clientOrderId));
    }

    [Fact]
    public async Task A_5000_character_client_order_id_is_422_and_nothing_is_written()
    {
        var before = await AllOrdersAsync();

        var (status, body) = await PostAsync($$"""{"client_order_id":"{{new string('x', 5000)}}",{{Valid}}}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("client_order_id", error.GetProperty("field").GetString());
        Assert.Equal("is 5000 characters long; at most 64 are allowed (example: strategy-42)", error.GetProperty("reason").GetString());
        Assert.Equal(before, await AllOrdersAsync());
    }

    [Theory]
    [InlineData("NaN", "quantity")]
    [InlineData("Infinity", "quantity")]
    [InlineData("-Infinity", "quantity")]
    public async Task A_NaN_or_infinity_literal_is_400_naming_the_field(string literal, string field)
    {
        var before = await AllOrdersAsync();

        var (status, body) = await PostAsync($$"""{"client_order_id":"{{OrderRequests.NewClientOrderId()}}","symbol":"BTCUSDT","side":"buy","quantity":{{literal}}}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("invalid_json", body.GetProperty("error").GetString());
        Assert.Contains($"(in field '{field}')", body.GetProperty("message").GetString());
        Assert.Contains("NaN and Infinity are not JSON", body.GetProperty("message").GetString());
        Assert.Equal(field, Assert.Single(body.GetProperty("errors").EnumerateArray()).GetProperty("field").GetString());
        Assert.Equal(before, await AllOrdersAsync());
    }

    [Theory]
    [InlineData("buy 1 BTCUSDT")]
    [InlineData("""{"client_order_id":"x","symbol":""")]
    [InlineData("")]
    public async Task A_body_that_is_not_JSON_is_400_with_an_example(string text)
    {
        var (status, body) = await PostAsync(text);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("The body is not valid JSON", body.GetProperty("message").GetString());
        Assert.Contains("\"client_order_id\": \"c-1\"", body.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("[1, 2]", "must be a JSON object, not an array")]
    [InlineData("42", "must be a JSON object, not the number 42")]
    public async Task JSON_that_is_not_an_object_is_422_on_the_body(string text, string reason)
    {
        var (status, body) = await PostAsync(text);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal("body", error.GetProperty("field").GetString());
        Assert.StartsWith(reason, error.GetProperty("reason").GetString());
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_2_megabyte_body_is_413_and_the_gateway_stays_healthy(bool chunked)
    {
        var before = await AllOrdersAsync();
        var json = $$"""{"client_order_id":"{{OrderRequests.NewClientOrderId()}}","symbol":"BTCUSDT","side":"buy","quantity":1,"note":"{{new string('x', 2 * 1024 * 1024)}}"}""";
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        if (chunked)
        {
            content.Headers.ContentLength = null;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/orders") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("body_too_large", body.RootElement.GetProperty("error").GetString());
        Assert.Contains("must be at most 16384 bytes", body.RootElement.GetProperty("message").GetString());
        Assert.Equal(before, await AllOrdersAsync());
        Assert.Equal(HttpStatusCode.Created, (await PostAsync($$"""{"client_order_id":"{{OrderRequests.NewClientOrderId()}}",{{Valid}}}""")).Status);
    }

    [Fact]
    public async Task The_smallest_stored_quantity_is_accepted_and_stored_exactly()
    {
        var clientOrderId = OrderRequests.NewClientOrderId();

        var (status, body) = await PostAsync($$"""{"client_order_id":"{{clientOrderId}}","symbol":"BTCUSDT","side":"buy","type":"market","quantity":0.0000000001}""");

        Assert.Equal(HttpStatusCode.Created, status);
        Assert.Equal(0.0000000001m, body.GetProperty("order").GetProperty("quantity").GetDecimal());
        Assert.Equal(0.0000000001m, await gateway.Storage.ScalarAsync<decimal>("SELECT quantity FROM orders WHERE client_order_id = $1", clientOrderId));
    }


    private Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(string json) => gateway.Client.PostOrderForAnswerAsync(json);

    private Task<long> AllOrdersAsync() => gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM orders");
}
