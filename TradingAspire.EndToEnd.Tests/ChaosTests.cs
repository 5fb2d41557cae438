using System.Diagnostics;
using System.Globalization;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// kill -9 of the gateway, trading-api, PostgreSQL and Redis in turn while a client keeps placing orders and retries
/// each with the same client order id until it is answered: every resource comes back healthy (the restart policy) and
/// every acknowledged order is stored exactly once. Not on the whole-system collection's system (the kills leave restart
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
        await using var flow = new OrderFlow(system.Api, TimeSpan.FromMilliseconds(50));
        flow.Start();
        await WaitForAcknowledgedAsync(flow, 5);

        foreach (var resource in new[] { "gateway", "trading-api", "postgres", "redis" })
        {
            var before = flow.Acknowledged.Count;
            var killed = KillTree(resource);
            await WaitUntilBackAsync(resource, killed);
            await WaitForAcknowledgedAsync(flow, before + 5); // orders flow again after this kill
        }

        await flow.StopAsync();
        var acknowledged = flow.Acknowledged.ToList();
        Assert.NotEmpty(acknowledged);
        var stored = new Dictionary<string, long>();
        await using (var connection = await system.OpenDatabaseAsync())
        await using (var command = new Npgsql.NpgsqlCommand("SELECT client_order_id, count(*) FROM orders WHERE client_order_id = ANY($1) GROUP BY 1", connection))
        {
            command.Parameters.Add(new Npgsql.NpgsqlParameter { Value = acknowledged.ToArray() });
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                stored[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var wrong = acknowledged.Where(id => stored.GetValueOrDefault(id) != 1).Select(id => $"{id}: {stored.GetValueOrDefault(id)}").ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {acknowledged.Count} acknowledged orders not stored exactly once: {string.Join(", ", wrong.Take(10))}");
    }

    /// <summary>SIGKILL to the resource's process and all its descendants (a project's pid is the <c>dotnet run</c> wrapper; the service is its child).</summary>
    private int KillTree(string resource)
    {
        Assert.True(system.App.ResourceNotifications.TryGetCurrentState(resource, out var current), $"no state for {resource}");
        var pid = Pid(current);
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
                e => e.Snapshot.State?.Text == KnownResourceStates.Running && Pid(e) != killedPid && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy,
                deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            system.App.ResourceNotifications.TryGetCurrentState(resource, out var now);
            throw new TimeoutException($"{resource} was not Running and Healthy again within {BackWithin} after kill -9 of pid {killedPid}: " +
                                       $"{now?.Snapshot.State?.Text} / {now?.Snapshot.HealthStatus}");
        }
    }

    private static async Task WaitForAcknowledgedAsync(OrderFlow flow, int count)
        => await Poll.UntilAsync(() => Task.FromResult(flow.Acknowledged.Count >= count),
            () => $"only {flow.Acknowledged.Count} of {count} orders acknowledged after {BackWithin} ({flow.Attempts} attempts)", BackWithin);

    private static int Pid(ResourceEvent e)
        => e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } value ? Convert.ToInt32(value, CultureInfo.InvariantCulture) : 0;

    private static IEnumerable<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                    var parent = int.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1], CultureInfo.InvariantCulture);
                    (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
                }
                catch (IOException)
                {
                    // the process ended while being read
                }
            }
        }

        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                yield return child;
                queue.Enqueue(child);
            }
        }
    }
}
