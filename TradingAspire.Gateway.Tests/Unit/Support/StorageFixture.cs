using Npgsql;
using TradingAspire.TestSupport;

namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// A throwaway PostgreSQL 15 (database <c>trading</c> with every migration applied) and Redis, each on a free
/// loopback port, for the gateway's HTTP tests. PostgreSQL refuses to run as root, so it runs as the <c>postgres</c>
/// user through <c>setpriv</c> in a temporary directory that user owns.
/// </summary>
public sealed class StorageFixture : IAsyncLifetime
{
    private const string PostgresBin = "/usr/lib/postgresql/15/bin";
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"gateway-tests-{Guid.NewGuid():N}");
    private ChildProcess? _postgres;
    private ChildProcess? _redis;
    private int _postgresPort;

    private string DataDirectory => Path.Combine(_directory, "data");

    /// <summary>ADO.NET connection string of database <c>trading</c> (as the AppHost injects it).</summary>
    public string DatabaseConnectionString { get; private set; } = "";

    /// <summary>StackExchange.Redis connection string (as the AppHost injects it).</summary>
    public string RedisConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await ChildProcess.RunAsync("chown", "postgres:postgres", _directory);
        await ChildProcess.RunAsync("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
            $"{PostgresBin}/initdb", "-D", DataDirectory, "-U", "postgres", "--auth=trust", "--no-sync");
        var postgresPort = _postgresPort = ChildProcess.FreePort();
        _postgres = StartPostgres();
        var redisPort = ChildProcess.FreePort();
        _redis = ChildProcess.Start("redis-server", "--port", redisPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no");
        RedisConnectionString = $"127.0.0.1:{redisPort}";

        var server = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Pooling=false";
        await Poll.UntilAsync(async () => await CanConnectAsync(server), $"PostgreSQL did not accept connections: {_postgres.Output}", TimeSpan.FromSeconds(30));
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand("CREATE DATABASE trading", connection);
            await create.ExecuteNonQueryAsync();
        }

        DatabaseConnectionString = $"Host=127.0.0.1;Port={postgresPort};Username=postgres;Database=trading";
        await using var database = new NpgsqlConnection(DatabaseConnectionString);
        await database.OpenAsync();
        foreach (var script in RepositoryFiles.Migrations())
        {
            await using var migrate = new NpgsqlCommand(await File.ReadAllTextAsync(script), database);
            await migrate.ExecuteNonQueryAsync();
        }
    }

    /// <summary>Stops PostgreSQL (fast shutdown) and waits until it has exited, to test an outage.</summary>
    public async Task StopPostgresAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await _postgres!.DisposeAsync();
    }

    /// <summary>Kills PostgreSQL's postmaster with SIGKILL (kill -9: no shutdown, crash recovery at the next start).</summary>
    public async Task KillPostgresAsync()
    {
        await _postgres!.KillAsync();
        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Starts PostgreSQL again on the same port and data directory after <see cref="KillPostgresAsync"/>; returns once it
    /// accepts connections (the first attempts fail while the killed server's backends are still exiting).
    /// </summary>
    public async Task RestartPostgresAsync()
    {
        var server = $"Host=127.0.0.1;Port={_postgresPort};Username=postgres;Pooling=false";
        await Poll.UntilAsync(async () =>
        {
            if (_postgres is null || _postgres.HasExited)
            {
                _postgres = StartPostgres();
            }

            return await CanConnectAsync(server);
        }, () => $"PostgreSQL did not come back after kill -9: {_postgres?.Output}", TimeSpan.FromSeconds(60));
    }

    /// <summary>Runs a statement on database <c>trading</c>.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs a scalar query on database <c>trading</c>.</summary>
    public async Task<T> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = new NpgsqlConnection(DatabaseConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        Directory.Delete(_directory, recursive: true);
    }

    private ChildProcess StartPostgres() => ChildProcess.Start("setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups",
        $"{PostgresBin}/postgres", "-D", DataDirectory, "-p", _postgresPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _directory,
        "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off");

    private static async Task<bool> CanConnectAsync(string connectionString)
    {
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }
}
