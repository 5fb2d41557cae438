using System.Net.Http.Json;
using Npgsql;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>The system with one extra resource that crashes on every start, for the reliability suite.</summary>
public sealed class TradingSystemWithCrasher : TradingSystem
{
    protected override void Configure(IDictionary<string, string?> settings)
    {
        settings["AppHost:InitialRestartBackoffSeconds"] = "0.2";
        settings["AppHost:MaxRestartBackoffSeconds"] = "1";
    }

    protected override void Declare(IDistributedApplicationTestingBuilder builder)
        => builder.AddExecutable("crasher", "sh", ".", "-c", "echo 'cannot start: missing config' >&2; exit 3");

    protected override bool MustBeHealthy(string resourceName) => resourceName != "crasher";
}

internal sealed record ResourceEventAfterKill(TradingAspire.Hosting.Orchestration.ResourceEvent Event)
{
    public ResourceSnapshot Snapshot => Event.Snapshot;
}

/// <summary>Destructive: kills services under load. Bounded: two kills per service, loopback only.</summary>
[Trait("Category", "Integration")]
public sealed class ReliabilityTests(TradingSystemWithCrasher system) : IClassFixture<TradingSystemWithCrasher>
{
    // Polling period of the condition loops below (each has a deadline); not a synchronisation delay.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private static readonly string[] Services = ["gateway", "trading-api", "strategy", "redis"];

    [Fact]
    public async Task KilledServicesComeBackAndEveryAcknowledgedOrderExistsExactlyOnce()
    {
        await using var flow = new OrderFlow(system.Api, TimeSpan.FromMilliseconds(100));
        flow.Start();
        for (var round = 0; round < 2; round++)
        {
            foreach (var service in Services)
            {
                var before = system.App.ResourceNotifications.GetCurrent(service)!;
                PosixSignals.Send(before.ProcessId!.Value, PosixSignals.SIGKILL);
                ResourceEventAfterKill after;
                try
                {
                    after = new(await system.App.ResourceNotifications.WaitForResourceAsync(
                        service, e => e.Snapshot.IsHealthy && e.Snapshot.ProcessId != before.ProcessId).WaitAsync(TimeSpan.FromSeconds(60)));
                }
                catch (TimeoutException)
                {
                    var now = system.App.ResourceNotifications.GetCurrent(service)!;
                    var lines = string.Join("\n", system.App.ResourceLogs.Tail(service, 15).Select(l => l.Text));
                    throw new TimeoutException($"{service} (killed pid {before.ProcessId}, round {round}) is {now.State}/{now.HealthStatus} pid {now.ProcessId}: {now.StateDetail}; " +
                                               $"checks: {string.Join("; ", now.HealthReports.Select(h => $"{h.Name}={h.Status} {h.Description}"))}\n{lines}");
                }

                Assert.Equal(before.RestartCount + 1, after.Snapshot.RestartCount);
                Assert.Equal(before.Endpoints, after.Snapshot.Endpoints);
            }
        }

        // After the last restart, orders must flow again before the flow stops.
        var afterKills = flow.Acknowledged.Count;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (flow.Acknowledged.Count < afterKills + 5 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(PollInterval);
        }

        await flow.StopAsync();

        Assert.True(flow.Acknowledged.Count >= afterKills + 5, $"orders flow again after the restarts ({flow.Acknowledged.Count} acknowledged, {afterKills} at the last kill)");
        Assert.True(flow.Acknowledged.Count >= 10, $"orders kept flowing through the kills (acknowledged {flow.Acknowledged.Count} of {flow.Attempts} attempts)");
        await using var connection = await system.OpenDatabaseAsync();
        await using var command = new NpgsqlCommand(
            "SELECT t.client_order_id, count(DISTINCT t.id), count(DISTINCT o.id) FROM trades t LEFT JOIN orders o ON o.client_order_id = t.client_order_id " +
            "WHERE t.client_order_id = ANY($1) GROUP BY t.client_order_id", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = flow.Acknowledged.ToArray() });
        var found = new Dictionary<string, (long Trades, long Orders)>();
        await using (var reader = await command.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                found[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2));
            }
        }

        var missing = flow.Acknowledged.Where(id => !found.ContainsKey(id)).ToList();
        Assert.True(missing.Count == 0, $"acknowledged but missing: {string.Join(", ", missing.Take(5))}");
        Assert.All(found, f => Assert.Equal((1L, 1L), f.Value));
    }

    [Fact]
    public async Task AResourceThatCrashesOnEveryStartEndsFailedToStartWhileTheRestKeepsRunning()
    {
        var failed = await system.App.ResourceNotifications.WaitForResourceAsync("crasher", KnownResourceStates.FailedToStart).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(3, failed.Snapshot.RestartCount);
        Assert.StartsWith("crashed too often: exited with code 3 after 3 restart(s)", failed.Snapshot.StateDetail);
        Assert.Contains(system.App.ResourceLogs.Tail("crasher", 20), l => l.Text == "cannot start: missing config" && l.IsError);
        foreach (var resource in system.App.Model.Resources.Where(r => r is not ParameterResource && r.Name != "crasher"))
        {
            // Another test of this class may have just restarted a service: each must be (or become) healthy.
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(TimeSpan.FromSeconds(60));
        }

        using var response = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = "ETHUSDT", side = "buy", quantity = 0.01 });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
    }
}
