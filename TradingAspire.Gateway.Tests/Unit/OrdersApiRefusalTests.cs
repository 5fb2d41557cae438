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
    [MemberData(nameof(OrderRequests.Refused), MemberType = typeof(OrderRequests))]
    public async Task An_invalid_field_is_422_naming_it_and_nothing_is_written(string json, string field, string reason)
    {
        var before = await AllOrdersAsync();

        var (status, body) = await PostAsync(json);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("validation_failed", body.GetProperty("error").GetString());
        var error = Assert.Single(body.GetProperty("errors").EnumerateArray());
        Assert.Equal(field, error.GetProperty("field").GetString());
        Assert.Equal(reason, error.GetProperty("reason").GetString());
        Assert.Equal(before, await AllOrdersAsync());
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
