using Npgsql;
using TradingAspire.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
[Collection(RunningDatabasesCollection.Name)]
public sealed class PostgresServerTests(RunningDatabases databases)
{
    private DistributedApplication App => databases.App;

    private async Task<NpgsqlConnection> OpenAsync(string? connectionString = null)
    {
        var connection = new NpgsqlConnection(connectionString ?? await App.GetConnectionStringAsync("trading"));
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<object?> ScalarAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    [Fact]
    public async Task TheFirstStartInitialisesTheServerAndAppliesEveryMigration()
    {
        await using var connection = await OpenAsync();

        Assert.Equal(2L, await ScalarAsync(connection, "SELECT count(*) FROM schema_migrations"));
        foreach (var table in new[] { "trades", "orders", "executions", "positions" })
        {
            Assert.Equal(table, await ScalarAsync(connection, $"SELECT to_regclass('public.{table}')::text"));
        }

        Assert.Equal("UTF8", await ScalarAsync(connection, "SHOW server_encoding"));
        Assert.Equal("scram-sha-256", await ScalarAsync(connection, "SHOW password_encryption"));
    }

    [Fact]
    public async Task TheServerUsesTheSettingsOfConfigPostgresqlConf()
    {
        await using var connection = await OpenAsync();

        Assert.Equal("4MB", await ScalarAsync(connection, "SHOW work_mem"));
        Assert.Equal("128MB", await ScalarAsync(connection, "SHOW shared_buffers"));
        Assert.Equal("127.0.0.1", await ScalarAsync(connection, "SHOW listen_addresses"));
        Assert.Equal("scram-sha-256", await ScalarAsync(connection, "SELECT auth_method FROM pg_hba_file_rules WHERE type = 'host' LIMIT 1"));
    }

    [Fact]
    public async Task TheSchemaRejectsInvalidRows()
    {
        await using var connection = await OpenAsync();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO trades (id, client_order_id, symbol, side, order_type, quantity, status) VALUES (gen_random_uuid(), 'x', 'BTCUSDT', 'buy', 'market', -1, 'pending')",
            connection);

        var error = await Assert.ThrowsAsync<PostgresException>(() => insert.ExecuteNonQueryAsync());

        Assert.Equal(PostgresErrorCodes.CheckViolation, error.SqlState);
    }

    [Fact]
    public async Task AWrongPasswordIsRefused()
    {
        var builder = new NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("trading")) { Password = "wrong-password", Pooling = false };

        var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(builder.ConnectionString));

        Assert.Equal(PostgresErrorCodes.InvalidPassword, error.SqlState);
    }

    [Fact]
    public void TheServerRunsAsThePostgresUserAndTheOrchestratorHoldsItsOwnPid()
    {
        var pid = App.ResourceNotifications.GetCurrent("postgres")!.ProcessId!.Value;

        Assert.Equal("postgres", File.ReadAllText($"/proc/{pid}/comm").Trim());
        if (Environment.UserName == "root")
        {
            var uid = File.ReadAllLines($"/proc/{pid}/status").First(l => l.StartsWith("Uid:", StringComparison.Ordinal)).Split('\t')[1];
            Assert.NotEqual("0", uid);
        }

        var postmasterPid = File.ReadLines(Path.Combine(databases.StateDirectory, "data", "postgres", "postmaster.pid")).First();
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), postmasterPid);
    }

    [Fact]
    public void ServersListenOnLoopbackOnly()
    {
        var ports = new[] { App.GetEndpoint("postgres").Port, App.GetEndpoint("redis").Port };

        var listeners = ListeningSockets().Where(s => ports.Contains(s.Port)).ToList();

        Assert.NotEmpty(listeners);
        Assert.All(listeners, l => Assert.Equal("127.0.0.1", l.Address));
    }

    [Fact]
    public async Task TheDatabaseIsReferencedWithAdoAndUrlForms()
    {
        var connectionString = await App.GetConnectionStringAsync("trading");
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var database = (IResourceWithConnectionString)App.Model.Find("trading")!;

        var properties = await database.GetConnectionPropertiesAsync();
        var legacy = await database.GetLegacyEnvironmentAsync();

        Assert.Equal("127.0.0.1", builder.Host);
        Assert.Equal("trading", builder.Database);
        Assert.Equal($"postgresql://postgres:{builder.Password}@127.0.0.1:{builder.Port}/trading", properties["URI"]);
        Assert.Equal(properties["URI"], legacy["DATABASE_URL"]);
    }

    [Fact]
    public void TheGeneratedPasswordIsKeptInAPrivateFile()
    {
        var file = Path.Combine(databases.StateDirectory, "secrets", "postgres.password");

        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }
    }

    internal static IEnumerable<(string Address, int Port)> ListeningSockets()
    {
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[3] != "0A")
            {
                continue;
            }

            var parts = fields[1].Split(':');
            var raw = Convert.ToUInt32(parts[0], 16);
            var address = $"{raw & 0xFF}.{(raw >> 8) & 0xFF}.{(raw >> 16) & 0xFF}.{raw >> 24}";
            yield return (address, Convert.ToInt32(parts[1], 16));
        }

        foreach (var line in File.ReadLines("/proc/net/tcp6").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields[3] == "0A")
            {
                var parts = fields[1].Split(':');
                yield return (parts[0], Convert.ToInt32(parts[1], 16));
            }
        }
    }
}
