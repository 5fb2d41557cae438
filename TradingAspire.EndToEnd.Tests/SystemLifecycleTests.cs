using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

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
    public async Task AColdStartBecomesHealthyAStopLeavesNoProcessAndTheNextRunHasTheDataWithACleanShutdown()
    {
        Assert.False(Directory.Exists(_state), "the first run must start from an empty state directory");
        string orderId;
        List<int> pids;
        await using (var first = await TradingSystem.StartAsync(_state, withDashboard: false))
        {
            pids = ProcessIds(first);
            using var api = first.CreateHttpClient("trading-api");
            using var created = await api.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "buy", type = "market", quantity = 0.02, client_order_id = $"lifecycle-{Guid.NewGuid():N}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            orderId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        }

        Assert.True(pids.Count >= 5, $"expected a process for every long-running resource, got {pids.Count}");
        var alive = pids.Where(IsAlive).ToList();
        Assert.True(alive.Count == 0, $"processes left after dispose: {string.Join(", ", alive)}");
        Assert.Equal("shut down", ClusterState(Path.Combine(_state, "data", "postgres")));

        await using (var second = await TradingSystem.StartAsync(_state, withDashboard: false))
        {
            using var api = second.CreateHttpClient("trading-api");
            var order = await api.GetFromJsonAsync<JsonElement>($"/api/trades/{orderId}");
            Assert.Equal("filled", order.GetProperty("status").GetString());
        }
    }

    /// <summary>The pids DCP reported for every process resource (executables and projects).</summary>
    private static List<int> ProcessIds(DistributedApplication app)
    {
        var pids = new List<int>();
        foreach (var resource in app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<IResourceWithEndpoints>())
        {
            if (app.ResourceNotifications.TryGetCurrentState(resource.Name, out var state)
                && state.Snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value is { } pid)
            {
                pids.Add(Convert.ToInt32(pid, CultureInfo.InvariantCulture));
            }
        }

        return pids;
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2].Equals("Z", StringComparison.Ordinal);
        }
        catch (ArgumentException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
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
