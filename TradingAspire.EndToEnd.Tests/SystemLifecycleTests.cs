using System.Diagnostics;
using System.Globalization;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// Two runs of the whole system on one state directory: a cold start, a trade, a stop (what Ctrl+C and a test's
/// dispose do), then a second run that finds the data, after a PostgreSQL shutdown that needs no crash recovery.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SystemLifecycleTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"lifecycle-{Guid.NewGuid():N}");

    public void Dispose() => TradingSystem.DeleteDirectory(_state);

    [Fact]
    public async Task A_cold_start_becomes_healthy_a_stop_leaves_no_process_and_the_next_run_has_the_data_with_a_clean_shutdown()
    {
        Assert.False(Directory.Exists(_state), "the first run must start from an empty state directory");
        string orderId;
        var runId = Guid.NewGuid().ToString("N");
        await using (var first = await TradingSystem.StartAsync(_state, withDashboard: false, runId: runId))
        {
            var processes = TradingSystem.ProcessesOfRun(runId);
            Assert.True(processes.Count >= 6, $"expected a process for every long-running resource, got: {string.Join(Environment.NewLine, processes)}");
            using var api = AccessTokens.CreateTraderClient(first.GetEndpoint("trading-api"), await first.ParameterValueAsync(AccessTokens.TraderPasswordParameter));
            using var created = await api.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "buy", type = "market", quantity = 0.02, client_order_id = $"lifecycle-{Guid.NewGuid():N}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        // DCP stops the processes when the AppHost stops; a .NET service drains for up to its 10 s shutdown timeout.
        await Poll.UntilAsync(() => Task.FromResult(TradingSystem.ProcessesOfRun(runId).Count == 0),
            () => $"processes left 30 s after the AppHost stopped: {string.Join(Environment.NewLine, TradingSystem.ProcessesOfRun(runId))}", TimeSpan.FromSeconds(30));
        Assert.Equal("shut down", ClusterState(Path.Combine(_state, "data", "postgres")));

        await using (var second = await TradingSystem.StartAsync(_state, withDashboard: false))
        {
            using var api = AccessTokens.CreateTraderClient(second.GetEndpoint("trading-api"), await second.ParameterValueAsync(AccessTokens.TraderPasswordParameter));
            var order = await api.GetFromJsonAsync<JsonElement>($"/api/trades/{orderId}");
            Assert.Equal("filled", order.GetProperty("status").GetString());
        }
    }

    /// <summary>"Database cluster state" from pg_controldata: "shut down" after a clean stop.</summary>
    private static string ClusterState(string dataDirectory)
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().First();
        var info = new ProcessStartInfo(Path.Combine(bin, "bin", "pg_controldata"), [dataDirectory]) { RedirectStandardOutput = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output.Split('\n').Single(line => line.StartsWith("Database cluster state:", StringComparison.Ordinal)).Split(':', 2)[1].Trim();
    }
}
