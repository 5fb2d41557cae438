using System.Diagnostics;
using System.Globalization;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// kill -9 of the gateway, trading-api, PostgreSQL and Redis in turn while a client keeps placing orders and retries
/// each with the same client order id until it is acknowledged, as docs/api.md says to (after no answer, a 502 or a
/// 503; any other answer fails the test): every resource comes back healthy (the restart policy) and every
/// acknowledged order is stored exactly once, with the order id it was answered with. Not on the whole-system collection's system (the kills leave restart
/// counts behind): on the one of <see cref="AnyPasswordCollection"/>, whose database passwords hold every ASCII
/// punctuation character, so PostgreSQL and Redis also come back, and their clients reconnect, with such passwords.
/// </summary>
[Trait("Category", "Integration")]
[Collection(AnyPasswordCollection.Name)]
public sealed class ChaosTests(AnyPasswordSystem system)
{
    private static readonly TimeSpan BackWithin = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Every_process_killed_with_SIGKILL_in_turn_comes_back_and_every_acknowledged_order_is_stored_exactly_once()
    {
        await using var flow = new RetriedOrderLoad(() => system.Api, "/api/trades", status => status is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable,
            $"chaos-{Guid.NewGuid():N}", interval: TimeSpan.FromMilliseconds(50));
        flow.Start();
        await flow.WaitForMoreAsync(5, BackWithin);

        foreach (var resource in new[] { "gateway", "trading-api", "postgres", "redis" })
        {
            var killed = KillTree(resource);
            await WaitUntilBackAsync(resource, killed);
            await flow.WaitForMoreAsync(5, BackWithin); // orders flow again after this kill
        }

        // No count of retries is asserted: a kill need not fail any order (DCP's proxy holds a request while its service
        // is down, the gateway writes again after an ended session), and whether one does depends on timing.
        await flow.StopAsync();
        var acknowledged = flow.Acknowledged.ToDictionary(a => a.Key, a => a.Value.OrderId);
        Assert.NotEmpty(acknowledged);
        var stored = new Dictionary<string, (long Count, Guid Id)>();
        await using (var connection = await system.OpenDatabaseAsync())
        await using (var command = new Npgsql.NpgsqlCommand("SELECT client_order_id, count(*), min(id::text)::uuid FROM orders WHERE client_order_id = ANY($1) GROUP BY 1", connection))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = acknowledged.Keys.ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = (reader.GetInt64(1), reader.GetGuid(2));
            }
        }

        var wrong = acknowledged.Where(a => stored.GetValueOrDefault(a.Key) != (1, a.Value))
            .Select(a => $"{a.Key} answered as {a.Value}: {stored.GetValueOrDefault(a.Key)}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {acknowledged.Count} acknowledged orders not stored exactly once with the id answered (count, id): {string.Join(", ", wrong.Take(10))}");
    }

    /// <summary>SIGKILL to the resource's process and all its descendants (a project's pid is the <c>dotnet run</c> wrapper; the service is its child).</summary>
    private int KillTree(string resource)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"no state for {resource}");
        var pid = ProcessProbe.Pid(current);
        Assert.True(pid > 0, $"{resource} has no executable.pid");
        var tree = Descendants(pid).Prepend(pid).ToList();
        foreach (var member in tree)
        {
            using var kill = Process.Start("kill", ["-9", member.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        return pid;
    }

    private async Task WaitUntilBackAsync(string resource, int killedPid)
    {
        using var deadline = new CancellationTokenSource(BackWithin);
        try
        {
            await system.App.ResourceNotifications.WaitForResourceAsync(resource,
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && ProcessProbe.Pid(e) != killedPid && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            system.App.ResourceNotifications.TryGetCurrentState(resource, out var now);
            throw new TimeoutException($"{resource} was not Running and Healthy again within {BackWithin} after kill -9 of pid {killedPid}: " +
                                       $"{now?.Snapshot.State?.Text} / {now?.Snapshot.HealthStatus}");
        }
    }

    private static IEnumerable<int> Descendants(int pid) => ProcessProbe.Children(pid).SelectMany(child => Descendants(child).Prepend(child));
}
