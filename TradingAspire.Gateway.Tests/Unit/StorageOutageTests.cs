namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// With PostgreSQL stopped, an order is a 503 that says it was not recorded (not a 500), and /health says why within
/// seconds. It stops the server, so it has one of its own (<see cref="IsolatedStorageFixture"/>).
/// </summary>
public sealed class StorageOutageTests(IsolatedStorageFixture storage) : IClassFixture<IsolatedStorageFixture>
{
    [Fact]
    public async Task An_order_while_postgres_is_down_is_503_and_health_reports_postgres()
    {
        await using var gateway = GatewayFixture.Create(storage);
        using var client = GatewayFixture.CreateClient(gateway);
        await storage.StopPostgresAsync();

        using var response = await client.PostOrderAsync(OrderRequests.Market("BTCUSDT", "buy", 0.5m));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("storage_unavailable", body.RootElement.GetProperty("error").GetString());
        Assert.StartsWith("The order was not recorded: PostgreSQL is unavailable", body.RootElement.GetProperty("message").GetString());

        // /health answers from the checks' latest background run (once a second): it turns within seconds.
        var (status, text) = (HttpStatusCode.OK, "");
        await Poll.UntilAsync(async () =>
        {
            using var health = await client.GetAsync("/health");
            (status, text) = (health.StatusCode, await health.Content.ReadAsStringAsync());
            return status == HttpStatusCode.ServiceUnavailable;
        }, () => $"/health still answers {(int)status} with PostgreSQL stopped: {text}", TimeSpan.FromSeconds(15));
        using var report = JsonDocument.Parse(text);
        Assert.Equal("Unhealthy", report.RootElement.GetProperty("checks").GetProperty("PostgreSql").GetProperty("status").GetString());
        Assert.Equal("Healthy", report.RootElement.GetProperty("checks").GetProperty("StackExchange.Redis").GetProperty("status").GetString());
    }
}
