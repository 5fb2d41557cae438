using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>The ordered shutdown with real processes run by Aspire (DCP).</summary>
public sealed class ShutdownIntegrationTests() : AspireProcessTests("shutdown-")
{
    private const string Marker = "SHUTDOWN_TEST_MARKER";

    /// <summary>Live (not zombie) processes whose environment holds <paramref name="name"/>=<paramref name="value"/>: "pid command line".</summary>
    internal static List<string> ProcessesWith(string name, string value)
    {
        var entry = $"{name}={value}";
        var found = new List<string>();
        foreach (var directory in Directory.EnumerateDirectories("/proc").Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                if (File.ReadAllText(Path.Combine(directory, "environ")).Split('\0').Contains(entry) && stat[(stat.LastIndexOf(')') + 2)..][0] != 'Z')
                {
                    found.Add($"{Path.GetFileName(directory)} {File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ')}");
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // ended while we looked
            }
        }

        return found;
    }

    [Fact]
    public async Task Dispose_stops_dependents_first_and_leaves_no_process_even_one_ignoring_SIGTERM()
    {
        var marker = Guid.NewGuid().ToString("N");
        var order = Path.Combine(Root.FullName, "order");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration["Shutdown:GracePeriod"] = "00:00:02";
        builder.AddOrderedShutdown();
        // Each shell records its SIGTERM and exits, leaving its `sleep` child behind (DCP signals only the shell).
        var database = builder.AddExecutable("database", "sh", Root.FullName, "-c", $"trap 'echo database >> {order}; exit 0' TERM; sleep 300 & wait")
            .WithEnvironment(Marker, marker);
        builder.AddExecutable("service", "sh", Root.FullName, "-c", $"trap 'echo service >> {order}; exit 0' TERM; sleep 300 & wait")
            .WithEnvironment(Marker, marker).WaitFor(database);
        // Ignores SIGTERM, and so does its child: only a kill ends them.
        builder.AddExecutable("stubborn", "sh", Root.FullName, "-c", "trap '' TERM; sleep 300 & wait")
            .WithEnvironment(Marker, marker);
        var app = await builder.BuildAsync();
        try
        {
            await app.StartAsync().WaitAsync(PythonIntegrationTests.Deadline);
            foreach (var name in new[] { "database", "service", "stubborn" })
            {
                await PythonIntegrationTests.WaitForStateAsync(app, name, KnownResourceStates.Running);
            }

            await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(ProcessesWith(Marker, marker).Count == 6),
                () => $"expected 3 shells and 3 sleeps, found: {string.Join("; ", ProcessesWith(Marker, marker))}", PythonIntegrationTests.Deadline);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var clock = Stopwatch.StartNew();
        await app.DisposeAsync();

        Assert.Empty(ProcessesWith(Marker, marker)); // at once: nothing outlives the app
        Assert.Equal(["service", "database"], File.ReadAllLines(order));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"dispose took {clock.Elapsed}"); // 2 s grace for 'stubborn', then DCP's cleanup
    }

    /// <summary>
    /// Ctrl+C or SIGTERM while resources are still starting (the console lifetime calls StopApplication) cancels the
    /// start, and the generic host then runs no stop: without the ordered shutdown's own hook the processes stayed until
    /// DCP noticed the AppHost gone (~10 s, in no order), with "Hosting failed to start" and its TaskCanceledException on
    /// the console. Here 'blocked' waits for 'gate', which never becomes healthy, so the start cannot finish.
    /// </summary>
    [Fact]
    public async Task A_stop_during_start_up_stops_the_started_resources_in_order_with_one_calm_line_and_the_exit_stops_the_host()
    {
        var marker = Guid.NewGuid().ToString("N");
        var order = Path.Combine(Root.FullName, "order");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Services.AddFakeLogging();
        builder.Configuration["Shutdown:GracePeriod"] = "00:00:10"; // every process here ends on SIGTERM: a loaded machine gets time to run the traps
        builder.AddOrderedShutdown();
        builder.Services.AddHealthChecks().AddCheck("never-healthy", () => HealthCheckResult.Unhealthy("stays unhealthy so the start cannot finish"));
        var database = builder.AddExecutable("database", "sh", Root.FullName, "-c", $"trap 'echo database >> {order}; exit 0' TERM; sleep 300 & wait")
            .WithEnvironment(Marker, marker);
        builder.AddExecutable("service", "sh", Root.FullName, "-c", $"trap 'echo service >> {order}; exit 0' TERM; sleep 300 & wait")
            .WithEnvironment(Marker, marker).WaitFor(database);
        var gate = builder.AddExecutable("gate", "sleep", Root.FullName, "300").WithEnvironment(Marker, marker).WithHealthCheck("never-healthy");
        builder.AddExecutable("blocked", "sleep", Root.FullName, "300").WithEnvironment(Marker, marker).WaitFor(gate);
        await using var app = await builder.BuildAsync();
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var start = app.StartAsync();

        await WaitForAsync(app, "blocked", e => e.Snapshot.State?.Text == KnownResourceStates.Waiting, "Waiting");
        foreach (var name in new[] { "database", "service", "gate" })
        {
            await PythonIntegrationTests.WaitForStateAsync(app, name, KnownResourceStates.Running);
        }

        await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(ProcessesWith(Marker, marker).Count == 5),
            () => $"expected 2 shells, 2 sleeps and the gate's sleep, found: {string.Join("; ", ProcessesWith(Marker, marker))}",
            PythonIntegrationTests.Deadline);
        Assert.False(start.IsCompleted, "the start finished although 'blocked' waits for a resource that is never healthy");

        lifetime.StopApplication();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(PythonIntegrationTests.Deadline));
        // No dispose, no StopAsync: what a `dotnet run` AppHost has at this point.
        await TradingAspire.TestSupport.Poll.UntilAsync(() => Task.FromResult(ProcessesWith(Marker, marker).Count == 0),
            () => $"still running after the stop request: {string.Join("; ", ProcessesWith(Marker, marker))}", PythonIntegrationTests.Deadline);
        Assert.Equal(["service", "database"], File.ReadAllLines(order));

        // The AppHost's exit: waits for that stop, then stops the host (and with it DCP).
        using (var exit = new CancellationTokenSource(PythonIntegrationTests.Deadline))
        {
            await app.Services.GetRequiredService<OrderedShutdown>().StopAfterCancelledStartAsync(exit.Token);
        }

        Assert.True(lifetime.ApplicationStopped.IsCancellationRequested, "the host was not stopped after the cancelled start");
        var logs = app.Services.GetFakeLogCollector().GetSnapshot();
        Assert.DoesNotContain(logs, r => r.Category == OrderedShutdown.HostCategory && r.Level >= LogLevel.Error);
        Assert.Contains(logs, r => r.Message == "Stop requested while the AppHost was starting: the resources not started yet will not start; " +
            "those already started are stopped in order.");
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")] // the data directory's mode; the whole stack runs on Linux
    public async Task Stop_gives_PostgreSQL_a_fast_shutdown_with_a_client_in_a_transaction_so_the_cluster_is_left_shut_down()
    {
        File.SetUnixFileMode(Root.FullName, (UnixFileMode)0b111_101_101); // the postgres user reaches its data directory
        var data = Path.Combine(Root.FullName, "pgdata");
        var marker = Guid.NewGuid().ToString("N");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration["Shutdown:GracePeriod"] = "00:00:10";
        builder.AddOrderedShutdown();
        builder.AddPostgresExecutable("pg").WithDataDirectory(data).WithShutdownSignal(ShutdownSignal.Interrupt).WithEnvironment(Marker, marker);
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(PythonIntegrationTests.Deadline);
        // Healthy, not Running: a process that runs may still answer 57P03 "the database system is starting up".
        using (var healthy = new CancellationTokenSource(PythonIntegrationTests.Deadline))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("pg", healthy.Token);
        }

        await using var client = new NpgsqlConnection(await app.GetConnectionStringAsync("pg"));
        await client.OpenAsync();
        // SIGTERM (DCP's signal) is PostgreSQL's "smart" shutdown, which waits for this client until the grace period ends
        // and the server is killed: stop > 10 s, cluster state "in production", crash recovery at the next start.
        await using var transaction = await client.BeginTransactionAsync();

        var clock = Stopwatch.StartNew();
        await app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"stop took {clock.Elapsed}: PostgreSQL waited for its client (smart shutdown)");
        Assert.Empty(ProcessesWith(Marker, marker));
        Assert.Contains("Database cluster state:               shut down", ControlData(data));
    }

    private static string ControlData(string dataDirectory)
    {
        using var process = Process.Start(new ProcessStartInfo(PostgresInstallation.Current.Require("pg_controldata"), [dataDirectory])
        {
            RedirectStandardOutput = true,
            Environment = { ["LC_ALL"] = "C" },
        })!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}
