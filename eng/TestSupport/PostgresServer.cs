using System.Globalization;
using TradingAspire.Hosting;
using Npgsql;
using Xunit;

namespace TradingAspire.TestSupport;

/// <summary>
/// (Linked into the test projects that need it.) A throwaway PostgreSQL for tests that need a server but not the
/// AppHost: binaries found as TradingAspire.Hosting finds them (<see cref="PostgresInstallation"/>: <c>pg_config
/// --bindir</c>, else the newest <c>/usr/lib/postgresql/*/bin</c>), run as the <c>postgres</c> user through
/// <c>setpriv</c> when the tests run as root (PostgreSQL refuses root), <c>initdb</c> in a temporary directory, a free
/// port of 127.0.0.1, trust authentication, <c>fsync=off</c>. Stopped with a fast shutdown and deleted on dispose.
/// </summary>
/// <remarks>
/// Starting it (initdb) is the expensive part, so a test assembly shares one through a collection fixture
/// (<c>ICollectionFixture&lt;PostgresServer&gt;</c>) and each test class works in a database of its own
/// (<see cref="CreateDatabaseAsync"/>). A class that stops or kills the server (<see cref="StopAsync"/>,
/// <see cref="KillAsync"/>) takes one of its own (<c>IClassFixture&lt;PostgresServer&gt;</c>) instead.
/// </remarks>
public sealed class PostgresServer : IAsyncLifetime
{
    /// <summary>The superuser initdb creates; it needs no password (trust authentication on 127.0.0.1).</summary>
    public const string UserName = "postgres";

    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(60);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"tradingaspire-tests-postgres-{Guid.NewGuid():N}");
    private ChildProcess? _server;

    private string DataDirectory => Path.Combine(_root, "data");

    /// <summary>The TCP port the server listens on (127.0.0.1); chosen free when the server first starts.</summary>
    public int Port { get; private set; }

    /// <summary>
    /// The connection string of <paramref name="database"/> in the ADO.NET form the AppHost injects
    /// (<c>ConnectionStrings__{name}</c>), without a password: e.g. <c>Host=127.0.0.1;Port=40123;Username=postgres;Database=t_…</c>.
    /// </summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = UserName, Database = database }.ConnectionString;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var installation = PostgresInstallation.Current;
        Directory.CreateDirectory(_root);
        if (installation.Platform.IsRoot)
        {
            await ChildProcess.RunAsync("chown", "postgres:postgres", _root);
        }

        await RunAsPostgresAsync(installation.Require("initdb"), "-D", DataDirectory, "-U", UserName, "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C.UTF-8");
        Port = ChildProcess.FreePort();
        await StartAsync();
    }

    /// <summary>
    /// Starts the server (again, after <see cref="StopAsync"/> or <see cref="KillAsync"/>) on the same port and data
    /// directory; returns once it accepts connections. After a kill the first attempts fail while the killed
    /// server's backends are still exiting: it tries again until <see cref="StartDeadline"/>.
    /// </summary>
    public async Task StartAsync()
    {
        var postgres = PostgresInstallation.Current.Require("postgres");
        await Poll.UntilAsync(async () =>
        {
            if (_server is null || _server.HasExited)
            {
                _server = StartAsPostgres(postgres, "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", _root,
                    "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off");
            }

            return await AcceptsConnectionsAsync();
        }, () => $"PostgreSQL did not accept connections on 127.0.0.1:{Port} within {StartDeadline.TotalSeconds} s: {_server?.Output}", StartDeadline);
    }

    /// <summary>Stops the server with a fast shutdown (SIGINT) and waits until it has exited, as for an outage.</summary>
    public async Task StopAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    /// <summary>Kills the postmaster with SIGKILL (kill -9: no shutdown; crash recovery at the next start).</summary>
    public async Task KillAsync()
    {
        if (_server is not null)
        {
            await _server.KillAsync();
        }

        NpgsqlConnection.ClearAllPools();
    }

    /// <summary>
    /// Creates an empty database with a unique name (<c>t_</c> and 32 hex digits) and runs <paramref name="scripts"/>
    /// (paths of <c>.sql</c> files, in the order given) in it; returns its name.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(IEnumerable<string>? scripts = null)
    {
        var name = $"t_{Guid.NewGuid():N}";
        await ExecuteAsync("postgres", $"CREATE DATABASE {name}");
        foreach (var script in scripts ?? [])
        {
            await ExecuteAsync(name, await File.ReadAllTextAsync(script));
        }

        return name;
    }

    /// <summary>Runs <paramref name="sql"/> (one or more statements) in <paramref name="database"/>.</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of <paramref name="sql"/> with positional parameters ($1, $2, …).</summary>
    public async Task<T> ScalarAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync(database);
        await using var command = Command(sql, connection, parameters);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The first column of every row of <paramref name="sql"/> with positional parameters ($1, $2, …).</summary>
    public async Task<List<T>> QueryAsync<T>(string database, string sql, params object[] parameters)
    {
        await using var connection = await OpenAsync(database);
        await using var command = Command(sql, connection, parameters);
        await using var reader = await command.ExecuteReaderAsync();
        var values = new List<T>();
        while (await reader.ReadAsync())
        {
            values.Add(reader.GetFieldValue<T>(0));
        }

        return values;
    }

    /// <summary>
    /// An open connection to <paramref name="database"/> from this process's pool (a test checking hundreds of orders
    /// would otherwise start a server process per query). <see cref="StopAsync"/> and <see cref="KillAsync"/> clear the
    /// pools, so no connection of the stopped server is handed out afterwards (57P01, "terminating connection").
    /// </summary>
    public async Task<NpgsqlConnection> OpenAsync(string database)
    {
        var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        return connection;
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await StopAsync();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = await OpenAsync("postgres");
            return true;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    private static NpgsqlCommand Command(string sql, NpgsqlConnection connection, object[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return command;
    }

    private static ChildProcess StartAsPostgres(string program, params string[] arguments)
    {
        var (command, leading) = PostgresInstallation.Current.Platform.RunAs(program, "postgres");
        return ChildProcess.Start(command, [.. leading, .. arguments]);
    }

    private static Task RunAsPostgresAsync(string program, params string[] arguments)
    {
        var (command, leading) = PostgresInstallation.Current.Platform.RunAs(program, "postgres");
        return ChildProcess.RunAsync(command, [.. leading, .. arguments]);
    }
}
