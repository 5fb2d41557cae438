namespace TradingAspire.Gateway.Tests.Unit.Support;

/// <summary>
/// Storage for the gateway's HTTP tests: a database of this test class's own on the assembly's shared PostgreSQL
/// (<see cref="StorageCollection"/>), with every migration applied, and a Redis on a free loopback port. A class that
/// stops or kills PostgreSQL takes an <see cref="IsolatedStorageFixture"/> instead.
/// </summary>
public class StorageFixture : IAsyncLifetime
{
    private readonly bool _ownsServer;
    private ChildProcess? _redis;

    /// <summary>Storage on <paramref name="postgres"/>, the server shared by the classes of <see cref="StorageCollection"/>.</summary>
    public StorageFixture(PostgresServer postgres)
        : this(postgres, ownsServer: false)
    {
    }

    /// <summary>Storage on <paramref name="postgres"/>; <paramref name="ownsServer"/>: started, stopped and killed by this fixture.</summary>
    protected StorageFixture(PostgresServer postgres, bool ownsServer)
    {
        Postgres = postgres;
        _ownsServer = ownsServer;
    }

    /// <summary>The PostgreSQL server holding <see cref="Database"/>.</summary>
    protected PostgresServer Postgres { get; }

    /// <summary>The name of this class's database (<c>t_</c> and 32 hex digits), migrated as the migration service does.</summary>
    public string Database { get; private set; } = "";

    /// <summary>ADO.NET connection string of <see cref="Database"/> (as the AppHost injects it).</summary>
    public string DatabaseConnectionString => Postgres.ConnectionString(Database);

    /// <summary>StackExchange.Redis connection string (as the AppHost injects it).</summary>
    public string RedisConnectionString { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (_ownsServer)
        {
            await Postgres.InitializeAsync();
        }

        var redisPort = ChildProcess.FreePort();
        _redis = await TestRedisServer.StartAsync(redisPort);
        RedisConnectionString = $"127.0.0.1:{redisPort}";
        Database = await Postgres.CreateDatabaseAsync(RepositoryFiles.Migrations());
    }

    /// <summary>Stops PostgreSQL (fast shutdown) and waits until it has exited, to test an outage.</summary>
    public Task StopPostgresAsync() => OwnServer().StopAsync();

    /// <summary>Kills PostgreSQL's postmaster with SIGKILL (kill -9: no shutdown, crash recovery at the next start).</summary>
    public Task KillPostgresAsync() => OwnServer().KillAsync();

    /// <summary>
    /// Starts PostgreSQL again on the same port and data directory after <see cref="KillPostgresAsync"/> or
    /// <see cref="StopPostgresAsync"/>; returns once it accepts connections.
    /// </summary>
    public Task RestartPostgresAsync() => OwnServer().StartAsync();

    /// <summary>Runs a statement on <see cref="Database"/>.</summary>
    public Task ExecuteAsync(string sql) => Postgres.ExecuteAsync(Database, sql);

    /// <summary>Runs a scalar query with positional parameters ($1, $2, …) on <see cref="Database"/>.</summary>
    public Task<T> ScalarAsync<T>(string sql, params object[] parameters) => Postgres.ScalarAsync<T>(Database, sql, parameters);

    /// <summary>How many orders <see cref="Database"/> holds with <paramref name="clientOrderId"/> (0 or 1: the column is unique).</summary>
    public Task<long> OrderCountAsync(string clientOrderId)
        => ScalarAsync<long>("SELECT count(*) FROM orders WHERE client_order_id = $1", clientOrderId);

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }

        if (_ownsServer)
        {
            await Postgres.DisposeAsync();
        }
    }

    private PostgresServer OwnServer() => _ownsServer
        ? Postgres
        : throw new InvalidOperationException(
            "This storage's PostgreSQL is shared by every class of the storage collection: a class that stops or kills it takes an IsolatedStorageFixture (IClassFixture<IsolatedStorageFixture>).");
}
