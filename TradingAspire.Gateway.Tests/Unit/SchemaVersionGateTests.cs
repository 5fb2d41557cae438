using Microsoft.AspNetCore.Hosting;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// A gateway started beside the migrations (<c>Gateway:SchemaVersion</c> set, as the AppHost does) against a real
/// PostgreSQL: no order is taken and <c>/health</c> is 503 naming the script until the migrations' journal records it;
/// then the book is read, orders are taken and <c>/health</c> is 200.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SchemaVersionGateTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task A_gateway_waits_for_its_schema_version_answering_503_then_reads_its_book_and_takes_orders()
    {
        var version = Path.GetFileName(RepositoryFiles.Migrations()[^1]);
        await using var gateway = GatewayFixture.Create(storage).WithWebHostBuilder(web => web.UseSetting("Gateway:SchemaVersion", version));
        using var client = GatewayFixture.CreateClient(gateway);
        var waiting = $"Orders are not taken: the database schema is not ready: migration {version} is not applied yet (the migrations resource applies it).";

        // No DbUp journal yet (the storage's schema was made without it): waiting.
        var (status, body) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(waiting, body, StringComparison.Ordinal);
        using (var order = await client.PostOrderAsync(OrderRequests.Market("SOLUSDT", "buy", 1m)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, order.StatusCode);
        }

        // The journal as DbUp makes it, first without the script, then with it.
        await storage.ExecuteAsync("CREATE TABLE schemaversions (schemaversionsid serial PRIMARY KEY, scriptname varchar(255) NOT NULL, applied timestamp NOT NULL); " +
            "INSERT INTO schemaversions (scriptname, applied) VALUES ('0001_older.sql', now());");
        (status, body) = await HealthAsync(client);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Contains(waiting, body, StringComparison.Ordinal);

        await storage.ExecuteAsync($"INSERT INTO schemaversions (scriptname, applied) VALUES ('{version}', now());");
        await Poll.UntilAsync(async () => (await HealthAsync(client)).Status == HttpStatusCode.OK,
            () => $"/health did not turn 200 after {version} was journaled; last: {body}", TimeSpan.FromSeconds(10));
        Assert.Null(gateway.Services.GetRequiredService<OrderSequencer>().UnavailableReason);
        using var accepted = await client.PostOrderAsync(OrderRequests.Market("SOLUSDT", "buy", 1m));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    private static async Task<(HttpStatusCode Status, string Body)> HealthAsync(HttpClient client)
    {
        using var response = await client.GetAsync("/health");
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
