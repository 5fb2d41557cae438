namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>/health answers from the checks' latest background run (once a second), not by running them per request.</summary>
[Collection(StorageCollection.Name)]
public sealed class HealthEndpointTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task Requests_in_quick_succession_get_the_same_run_and_a_new_run_follows_within_seconds()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var first = await CheckedAtAsync();
        var burst = new List<DateTimeOffset>();
        for (var i = 0; i < 20; i++)
        {
            burst.Add(await CheckedAtAsync());
        }

        // One background run a second: 21 requests see at most 2 + (seconds they took) runs, never one run each.
        var allowed = 2 + (int)clock.Elapsed.TotalSeconds;
        var runs = burst.Append(first).Distinct().Count();
        Assert.True(runs <= allowed, $"21 requests in {clock.Elapsed.TotalMilliseconds:0} ms saw {runs} runs (at most {allowed}): {string.Join(", ", burst.Append(first))}");

        var later = first;
        await Poll.UntilAsync(async () => (later = await CheckedAtAsync()) > first,
            () => $"/health still reports the run of {first:O} (last answer {later:O})", TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Every_check_of_the_gateway_answers_within_five_seconds_and_the_background_run_outlasts_them()
    {
        var registrations = gateway.Services.GetRequiredService<IOptions<HealthCheckServiceOptions>>().Value.Registrations;
        var publisher = gateway.Services.GetRequiredService<IOptions<HealthCheckPublisherOptions>>().Value;

        Assert.Equal(["OrderSequencer", "PostgreSql", "StackExchange.Redis", "self"], registrations.Select(r => r.Name).Order(StringComparer.Ordinal));
        Assert.All(registrations, r => Assert.Equal(TimeSpan.FromSeconds(5), r.Timeout));
        Assert.True(publisher.Timeout > TimeSpan.FromSeconds(5), $"publisher timeout {publisher.Timeout}");
    }

    private async Task<DateTimeOffset> CheckedAtAsync()
    {
        using var response = await gateway.Client.GetAsync("/health");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        using var report = JsonDocument.Parse(text);
        Assert.Equal("Healthy", report.RootElement.GetProperty("status").GetString());
        return report.RootElement.GetProperty("checkedAt").GetDateTimeOffset();
    }
}
