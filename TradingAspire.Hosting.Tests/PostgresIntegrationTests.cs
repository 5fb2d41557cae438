using Microsoft.Extensions.Diagnostics.HealthChecks;
using System.Collections.Concurrent;
using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>PostgreSQL run by Aspire (DCP) from this machine's installation, its state in a temporary directory.</summary>
public sealed class PostgresIntegrationTests : AspireProcessTests
{
    public PostgresIntegrationTests() : base("pgrun-")
    {
        // As root the server runs as 'postgres', which must reach its data directory under this (0700) temp directory.
        if (!OperatingSystem.IsWindows())
        {
            Root.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }
    }

    private IDistributedApplicationTestingBuilder CreateBuilder()
    {
        var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;
        builder.AddStartupHealthPolling(); // as the AppHost: seen healthy within 100 ms, not after Aspire's 1-5 s back-off
        return builder;
    }

    /// <summary>Records every state text <paramref name="resource"/> shows, subscribed before this returns (so before the app starts).</summary>
    private static (ConcurrentQueue<string> States, CancellationTokenSource Stop) RecordStates(DistributedApplication app, string resource)
    {
        var states = new ConcurrentQueue<string>();
        var stop = new CancellationTokenSource();

        // Called, not Task.Run: WatchAsync subscribes on the first MoveNextAsync, which runs before the first await yields.
        _ = RecordAsync();
        return (states, stop);

        async Task RecordAsync()
        {
            try
            {
                await foreach (var update in app.ResourceNotifications.WatchAsync(stop.Token))
                {
                    if (update.Resource.Name == resource && update.Snapshot.State?.Text is { } text && (states.IsEmpty || states.Last() != text))
                    {
                        states.Enqueue(text);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(await app.GetConnectionStringAsync(resource, cancellationToken));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    [Fact]
    public async Task First_start_shows_initdb_progress_then_server_and_database_are_healthy_answer_on_loopback_and_come_back_after_a_kill()
    {
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("postgres").WithDataDirectory().WithRestartPolicy().AddDatabase("trading");
        await using var app = await builder.BuildAsync();
        var (states, stopRecording) = RecordStates(app, "postgres");
        await app.StartAsync();

        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", deadline.Token);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("trading", deadline.Token);
        await stopRecording.CancelAsync();

        Assert.Contains("initdb (1/2): creating the data directory", states);
        Assert.Contains("initdb (2/2): data directory ready", states);
        Assert.True(File.Exists(Path.Combine(Root.FullName, "data", "postgres", "PG_VERSION")), "initdb wrote the data directory under the state directory");
        await using var connection = await OpenAsync(app, "trading", deadline.Token);
        Assert.Equal("trading", await ScalarAsync(connection, "SELECT current_database()", deadline.Token));
        Assert.Equal("postgres", await ScalarAsync(connection, "SELECT current_user", deadline.Token));
        Assert.Equal("127.0.0.1", await ScalarAsync(connection, "SHOW listen_addresses", deadline.Token));
        Assert.Equal("scram-sha-256", await ScalarAsync(connection, "SHOW password_encryption", deadline.Token));

        // After a kill -9 of the server (its restart policy starts it again) the ready work (creating the databases, then
        // the database resource Running anew) succeeds: on a pooled connection it used the killed server's connection and
        // failed with its last word, "57P01: terminating connection due to unexpected postmaster exit", which every later
        // wait for the server's health threw.
        Assert.True(app.ResourceNotifications.TryGetCurrentState("postgres", out var running));
        var killed = ProcessProbe.Pid(running);
        var killedAt = DateTime.UtcNow;
        using (var kill = System.Diagnostics.Process.Start("kill", ["-9", killed.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(deadline.Token);
        }

        await WaitForAsync(app, "trading", e => e.Snapshot.StartTimeStamp > killedAt, "the ready work of the restarted server (StartTimeStamp after the kill)");
        await app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", deadline.Token);
        await using var again = await OpenAsync(app, "trading", deadline.Token);
        Assert.Equal("trading", await ScalarAsync(again, "SELECT current_database()", deadline.Token));
    }

    [Fact]
    public async Task Data_written_in_one_run_is_there_in_the_next_run_on_the_same_data_directory_without_a_second_initdb()
    {
        var dataDirectory = Path.Combine(Root.FullName, "pgdata");
        for (var run = 1; run <= 2; run++)
        {
            await using var builder = CreateBuilder();
            builder.Configuration["Parameters:postgres-password"] = "same-in-both-runs";
            builder.AddPostgresExecutable("postgres").WithDataDirectory(dataDirectory).AddDatabase("trading");
            await using var app = await builder.BuildAsync();
            var (states, stopRecording) = RecordStates(app, "postgres");
            await app.StartAsync();

            using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("trading", deadline.Token);
            await stopRecording.CancelAsync();
            await using var connection = await OpenAsync(app, "trading", deadline.Token);
            if (run == 1)
            {
                Assert.Contains(states, s => s.StartsWith("initdb", StringComparison.Ordinal));
                await ScalarAsync(connection, "CREATE TABLE fills (client_order_id text PRIMARY KEY); INSERT INTO fills VALUES ('ord-1')", deadline.Token);
            }
            else
            {
                Assert.DoesNotContain(states, s => s.StartsWith("initdb", StringComparison.Ordinal));
                Assert.Equal("ord-1", await ScalarAsync(connection, "SELECT client_order_id FROM fills", deadline.Token));
            }

            await app.StopAsync(); // a graceful stop deletes only temporary directories, never the one given
        }
    }

    [Fact]
    public async Task Without_WithDataDirectory_the_server_runs_on_a_temporary_directory_removed_when_the_app_stops()
    {
        await using var builder = CreateBuilder();
        var server = builder.AddPostgresExecutable("postgres");
        var dataDirectory = server.Resource.DataDirectory;
        await using (var app = await builder.BuildAsync())
        {
            await app.StartAsync();
            using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("postgres", deadline.Token);
            Assert.True(File.Exists(Path.Combine(dataDirectory, "PG_VERSION")));
            Assert.False(Directory.Exists(Path.Combine(Root.FullName, "data")), "nothing is written to the state directory");
            await app.StopAsync(); // a graceful stop (Ctrl+C, aspire stop); a bare dispose raises no ApplicationStopped
        }

        await Poll.UntilAsync(() => Task.FromResult(!Directory.Exists(dataDirectory)),
            $"{dataDirectory} is still there after the app stopped", PythonIntegrationTests.Deadline);
    }

    [Fact]
    public async Task A_server_that_cannot_start_ends_instead_of_running_and_its_log_has_postgresqls_own_error()
    {
        var settings = Path.Combine(Root.FullName, "broken.conf");
        File.WriteAllText(settings, "shared_buffers = nonsense\n");
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("postgres").WithDataDirectory().WithConfigurationFile(settings).AddDatabase("trading");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        var ended = await PythonIntegrationTests.WaitForStateAsync(app, "postgres", PythonIntegrationTests.EndedStates);

        Assert.NotEqual(KnownResourceStates.Running, ended.Snapshot.State?.Text);
        Assert.NotEqual(0, ended.Snapshot.ExitCode);
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "postgres", "invalid value for parameter \"shared_buffers\"");
        Assert.Contains("invalid value for parameter \"shared_buffers\": \"nonsense\"", line);
        await PythonIntegrationTests.WaitForLogAsync(app, "postgres", "FATAL:  configuration file");
        Assert.True(app.ResourceNotifications.TryGetCurrentState("trading", out var trading));
        Assert.NotEqual(KnownResourceStates.Running, trading.Snapshot.State?.Text);
    }

    [Fact]
    public async Task A_data_directory_that_is_a_file_fails_to_start_saying_so_and_how_to_fix_it()
    {
        var file = Path.Combine(Root.FullName, "pgdata");
        File.WriteAllText(file, "not a directory");
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("postgres").WithDataDirectory(file);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await PythonIntegrationTests.WaitForStateAsync(app, "postgres", KnownResourceStates.FailedToStart);
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "postgres", "is a file");
        Assert.Contains($"The data directory of 'postgres' is a file: {file}. PostgreSQL needs a directory there", line);
        Assert.Contains("WithDataDirectory(\"data/postgres\")", line);
        Assert.Equal("not a directory", File.ReadAllText(file)); // nothing of the user's is overwritten
    }

    [Fact]
    public async Task Without_a_postgresql_installation_the_server_fails_to_start_naming_the_apt_get_line()
    {
        var nowhere = new PostgresInstallation(HostPlatform.Current, _ => false, _ => [], () => null, "/nonexistent");
        await using var builder = CreateBuilder();
        builder.AddPostgresExecutable("postgres", null, null, null, nowhere);
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await PythonIntegrationTests.WaitForStateAsync(app, "postgres", KnownResourceStates.FailedToStart);
        var line = await PythonIntegrationTests.WaitForLogAsync(app, "postgres", "apt-get install -y postgresql");
        Assert.Contains("PostgreSQL is not installed", line);
    }
}
