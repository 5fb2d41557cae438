using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

using TradingAspire.TestSupport;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// Two runs of the whole system, dashboard on, on one state directory: a cold start, a trade, a graceful stop (what
/// Ctrl+C does), then a second run that finds the data and the telemetry and needed no PostgreSQL crash recovery.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SystemLifecycleTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"lifecycle-{Guid.NewGuid():N}");

    private string PostgresLog => Path.Combine(_root, "logs", "postgres.log");

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task AColdStartBecomesHealthyAStopLeavesNoProcessAndTheNextRunHasTheDataWithoutCrashRecovery()
    {
        Assert.False(Directory.Exists(_root), "the first run must start from an empty state directory");
        string tradeId;
        string traceId;
        List<int> processGroups;
        await using (var first = await StartAsync())
        {
            processGroups = first.ResourceNotifications.GetAll().Select(e => e.Snapshot.ProcessId).OfType<int>().ToList();
            using var api = first.CreateHttpClient("trading-api");
            using var created = await api.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "buy", quantity = 0.02, client_order_id = $"lifecycle-{Guid.NewGuid():N}" });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            tradeId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
            traceId = created.Headers.GetValues("traceparent").Single().Split('-')[1];
            using var dashboard = DashboardApi(first);
            await Poll.UntilAsync(async () => (await dashboard.GetAsync($"/api/traces/{traceId}")).IsSuccessStatusCode, "the trade's trace never reached the dashboard", TimeSpan.FromSeconds(30));
        }

        Assert.True(processGroups.Count >= 6, $"expected a process for every resource, got {processGroups.Count}");
        Assert.Empty(LiveProcessesIn(processGroups));
        var firstRun = File.ReadAllText(PostgresLog);
        Assert.Contains("database system is shut down", firstRun);

        await using (var second = await StartAsync())
        {
            using var api = second.CreateHttpClient("trading-api");
            var trade = await api.GetFromJsonAsync<JsonElement>($"/api/trades/{tradeId}");
            Assert.Equal("filled", trade.GetProperty("status").GetString());
            using var dashboard = DashboardApi(second);
            var spans = await dashboard.GetFromJsonAsync<JsonElement>($"/api/traces/{traceId}");
            Assert.Contains(spans.EnumerateArray(), span => span.GetProperty("resource").GetString() == "trading-api");
        }

        var secondRun = File.ReadAllText(PostgresLog)[firstRun.Length..];
        Assert.Contains("database system was shut down at", secondRun);
        Assert.DoesNotContain("was not properly shut down", secondRun);
        Assert.DoesNotContain("automatic recovery in progress", secondRun);
    }

    private async Task<DistributedApplication> StartAsync()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>([], settings =>
        {
            settings["AppHost:StateDirectory"] = Path.Combine(_root, "state");
            settings["AppHost:LogDirectory"] = Path.Combine(_root, "logs");
            settings["Dashboard:Enabled"] = "true";
        });
        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync();
            foreach (var resource in app.Model.Resources.Where(r => r is not ParameterResource))
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(TradingSystem.Timeout);
            }

            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

    private static HttpClient DashboardApi(DistributedApplication app)
    {
        var login = new Uri(app.DashboardLoginUrl!.Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
        var client = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        client.DefaultRequestHeaders.Add("x-dashboard-token", login.Query.Split("t=")[1]);
        return client;
    }

    /// <summary>Processes still alive in the given process groups (each resource leads its own group).</summary>
    private static List<string> LiveProcessesIn(IReadOnlyCollection<int> groups)
    {
        var alive = new List<string>();
        foreach (var stat in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)).Select(d => Path.Combine(d, "stat")))
        {
            string text;
            try
            {
                text = File.ReadAllText(stat);
            }
            catch (IOException)
            {
                continue; // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            // pid (comm) state ppid pgrp ...: comm may contain spaces, so read after its closing parenthesis.
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            if (fields[0] != "Z" && groups.Contains(int.Parse(fields[2], System.Globalization.CultureInfo.InvariantCulture)))
            {
                alive.Add(text[..(text.LastIndexOf(')') + 1)]);
            }
        }

        return alive;
    }

}
