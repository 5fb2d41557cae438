using Npgsql;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// A state directory behind a 0700 parent (as root's home directory), run as root: the postgres user cannot enter it,
/// so the data is placed where it can, or start-up stops before any process when data already sits there.
/// </summary>
[Trait("Category", "Integration")]
[Collection("Aspire processes")]
public sealed class PostgresDataPlacementTests : IDisposable
{
    private readonly DirectoryInfo _private = Directory.CreateTempSubdirectory("pg-0700-"); // mode 0700, owner root

    public void Dispose()
    {
        var data = new DirectoryInfo(Path.Combine(_private.FullName, "state", "data", "postgres"));
        if (data.LinkTarget is { } placed && placed.StartsWith(PostgresDataPlacement.PlacementRoot, StringComparison.Ordinal))
        {
            Directory.Delete(placed, recursive: true);
        }

        _private.Delete(recursive: true);
    }

    [Fact]
    public async Task Data_behind_a_0700_parent_is_placed_where_postgres_can_reach_it_and_the_server_answers()
    {
        Assert.True(Environment.IsPrivilegedProcess, "run as root (as the suite does): only then PostgreSQL runs as the postgres user");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, _private.UnixFileMode);
        var configured = Path.Combine(_private.FullName, "state", "data", "postgres");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Path.Combine(_private.FullName, "state");
        builder.AddPostgresExecutable("postgres").WithDataDirectory().AddDatabase("trading");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        using (var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync("trading", deadline.Token);
        }

        await using (var connection = new NpgsqlConnection(await app.GetConnectionStringAsync("trading", CancellationToken.None)))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SHOW data_directory", connection);
            var dataDirectory = (string?)await command.ExecuteScalarAsync();
            Assert.StartsWith(PostgresDataPlacement.PlacementRoot + "/postgres-", dataDirectory);
            Assert.Equal(dataDirectory, new DirectoryInfo(configured).LinkTarget);
        }
    }

    [Fact]
    public async Task Data_already_behind_a_0700_parent_stops_start_up_before_any_process_naming_the_directory_and_the_fix()
    {
        Assert.True(Environment.IsPrivilegedProcess, "run as root (as the suite does): only then PostgreSQL runs as the postgres user");
        var configured = Path.Combine(_private.FullName, "state", "data", "postgres");
        Directory.CreateDirectory(configured);
        await File.WriteAllTextAsync(Path.Combine(configured, "PG_VERSION"), "15\n");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.Configuration[StateDirectory.ConfigurationKey] = Path.Combine(_private.FullName, "state");
        builder.AddPostgresExecutable("postgres").WithDataDirectory();
        builder.AddExecutable("other", "sleep", _private.FullName, "300");
        await using var app = await builder.BuildAsync();

        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync());

        Assert.Equal($"PostgreSQL's data directory {configured} holds data, but the postgres user (PostgreSQL runs as it when the AppHost is root) " +
                     $"cannot enter {_private.FullName}. Fix: chmod o+x {_private.FullName} (lets other users pass through it, not list it), or set " +
                     "TradingAspire:StateDirectory to a directory the postgres user can reach (e.g. --TradingAspire:StateDirectory=/var/lib/tradingaspire).",
            error.Message);
        if (app.ResourceNotifications.TryGetCurrentState("other", out var other))
        {
            Assert.Null(other.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value); // no process started
        }
    }
}
