using System.Diagnostics;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
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
