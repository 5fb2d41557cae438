using System.Globalization;
using System.Text.RegularExpressions;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// Chaos under retried load, with the gateway as its own process: kill -9 of the gateway, then of PostgreSQL. Every
/// acknowledged order is stored exactly once with the id it was answered with; positions stay the executions' sums; a
/// gateway started afterwards reads exactly PostgreSQL's book and decides the position limit from it to the last unit.
/// </summary>
public sealed partial class GatewayKillTests(IsolatedStorageFixture storage) : IClassFixture<IsolatedStorageFixture>
{
    private readonly int _port = ChildProcess.FreePort();

    [GeneratedRegex(@"Order book read from PostgreSQL: (?<positions>\d+) positions, (?<resting>\d+) resting orders, (?<ids>\d+) client order ids of the last 00:15:00, last batch (?<sequence>\d+)")]
    private static partial Regex RestoredLine();

    private ChildProcess StartGateway() => ChildProcess.Start("dotnet", new Dictionary<string, string>
    {
        ["ConnectionStrings__trading"] = storage.DatabaseConnectionString,
        ["ConnectionStrings__redis"] = storage.RedisConnectionString,
        ["Auth__SigningKey"] = GatewayFixture.SigningKey,
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{_port}",
        ["Gateway__TickIntervalMilliseconds"] = "1000",
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "",
    }, Path.Combine(AppContext.BaseDirectory, "TradingAspire.Gateway.dll"));

    private async Task WaitHealthyAsync(HttpClient client, ChildProcess gateway)
        => await Poll.UntilAsync(async () =>
        {
            try
            {
                using var health = await client.GetAsync("/health");
                return health.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, () => $"the gateway did not become healthy: {gateway.Output}", TimeSpan.FromSeconds(60));

    [Fact]
    public async Task Killing_the_gateway_and_then_PostgreSQL_under_retried_load_loses_no_acknowledged_order_and_stores_each_once()
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{_port}"), Timeout = TimeSpan.FromSeconds(10) };
        client.DefaultRequestHeaders.Authorization = AccessTokens.ServiceHeader(GatewayFixture.SigningKey);
        var gateway = StartGateway();
        try
        {
            await WaitHealthyAsync(client, gateway);
            await using var load = new RetriedOrderLoad(() => client, "/api/orders", status => status == HttpStatusCode.ServiceUnavailable, $"kill-{Guid.NewGuid():N}", clients: 8);
            load.Start();
            await load.WaitForMoreAsync(150, TimeSpan.FromSeconds(90));

            await gateway.KillAsync();
            gateway = StartGateway();
            await load.WaitForMoreAsync(150, TimeSpan.FromSeconds(90));

            await storage.KillPostgresAsync();
            await storage.RestartPostgresAsync();
            await load.WaitForMoreAsync(150, TimeSpan.FromSeconds(90));
            await load.StopAsync();
            Assert.True(load.Retries > 0, "no order was retried: the kills did not happen under load");

            foreach (var (id, (_, orderId, _)) in load.Acknowledged)
            {
                Assert.Equal(orderId, await storage.ScalarAsync<Guid>("SELECT id FROM orders WHERE client_order_id = $1", id));
            }

            Assert.Equal(0L, await storage.ScalarAsync<long>(
                "SELECT count(*) FROM positions p WHERE p.quantity <> (SELECT coalesce(sum(CASE e.side WHEN 'buy' THEN e.quantity ELSE -e.quantity END), 0) FROM executions e WHERE e.symbol = p.symbol)"));

            // A gateway started now reads exactly what PostgreSQL holds.
            await gateway.KillAsync();
            gateway = StartGateway();
            await WaitHealthyAsync(client, gateway);
            var restored = RestoredLine().Matches(gateway.Output).Single();
            Assert.Equal(
                (await storage.ScalarAsync<long>("SELECT count(*) FROM positions"), await storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE status = 'resting'"),
                    await storage.ScalarAsync<long>("SELECT count(*) FROM orders"), await storage.ScalarAsync<long>("SELECT coalesce(max(sequence), 0) FROM positions")),
                (long.Parse(restored.Groups["positions"].Value, CultureInfo.InvariantCulture), long.Parse(restored.Groups["resting"].Value, CultureInfo.InvariantCulture),
                    long.Parse(restored.Groups["ids"].Value, CultureInfo.InvariantCulture), long.Parse(restored.Groups["sequence"].Value, CultureInfo.InvariantCulture)));

            // Its position is PostgreSQL's to the last unit: an order up to the limit exactly is taken, one unit more is refused.
            var position = await storage.ScalarAsync<decimal>("SELECT quantity FROM positions WHERE symbol = 'SOLUSDT'");
            using var toLimit = await PostAsync(client, "SOLUSDT", 100m - position);
            Assert.Equal(HttpStatusCode.Created, toLimit.StatusCode);
            using var beyond = await PostAsync(client, "SOLUSDT", 0.01m);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, beyond.StatusCode);
            using var refusal = System.Text.Json.JsonDocument.Parse(await beyond.Content.ReadAsStringAsync());
            Assert.Equal("the SOLUSDT position would become 100.01, beyond the limit of ±100", refusal.RootElement.GetProperty("errors")[0].GetProperty("reason").GetString());

            // Every acknowledged order, sent again, is answered with the stored order.
            foreach (var (id, (body, orderId, _)) in load.Acknowledged.Take(30))
            {
                using var again = await client.PostOrderAsync(body);
                Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            }
        }
        finally
        {
            await gateway.DisposeAsync();
        }
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string symbol, decimal quantity)
        => client.PostOrderAsync(OrderRequests.Market(symbol, "buy", quantity));
}
