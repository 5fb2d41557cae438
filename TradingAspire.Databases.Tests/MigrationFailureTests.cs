using Npgsql;
using TradingAspire.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

[Trait("Category", "Integration")]
public sealed class MigrationFailureTests : IDisposable
{
    private readonly string _state = DatabaseApp.NewStateDirectory();
    private readonly DirectoryInfo _migrations = Directory.CreateTempSubdirectory("ta-bad-migrations-");

    public void Dispose()
    {
        Directory.Delete(_state, recursive: true);
        _migrations.Delete(recursive: true);
    }

    [Fact]
    public async Task ABadMigrationIsRolledBackReportedAndDependentsDoNotStart()
    {
        File.WriteAllText(Path.Combine(_migrations.FullName, "0001_good.sql"), "CREATE TABLE good (id int PRIMARY KEY);\n");
        File.WriteAllText(Path.Combine(_migrations.FullName, "0002_bad.sql"), "CREATE TABLE half_done (id int);\nCREATE TABL broken (id int);\n");
        await using var app = await DatabaseApp.StartAsync(_state, declare: builder =>
        {
            var db = builder.AddPostgres("postgres").AddDatabase("trading").WithMigrations(_migrations.FullName);
            builder.AddExecutable("gateway", "sleep", ".", "300").WithReference(db).WaitFor(db);
        });

        var failed = await app.ResourceNotifications.WaitForResourceAsync("trading", KnownResourceStates.FailedToStart).WaitAsync(DatabaseApp.Timeout);
        var dependent = await app.ResourceNotifications.WaitForResourceAsync("gateway", KnownResourceStates.FailedToStart).WaitAsync(DatabaseApp.Timeout);

        Assert.Equal(
            "Migration 0002_bad.sql failed at line 2, column 8 (character 41): syntax error at or near \"TABL\" (SQLSTATE 42601). " +
            "The file was rolled back; migrations before it stay applied. Fix the file, then restart the database resource.",
            failed.Snapshot.StateDetail);
        Assert.StartsWith("Dependency failed: dependency 'trading' is FailedToStart", dependent.Snapshot.StateDetail);
        Assert.Null(dependent.Snapshot.ProcessId);

        var server = (PostgresServerResource)app.Model.Find("postgres")!;
        var builderCs = new NpgsqlConnectionStringBuilder(await server.GetConnectionStringAsync()) { Database = "trading" };
        await using var connection = new NpgsqlConnection(builderCs.ConnectionString);
        await connection.OpenAsync();
        await using var check = new NpgsqlCommand("SELECT to_regclass('public.good')::text, to_regclass('public.half_done')::text, (SELECT count(*) FROM schema_migrations)", connection);
        await using var reader = await check.ExecuteReaderAsync();
        await reader.ReadAsync();
        Assert.Equal("good", reader.GetString(0));
        Assert.True(reader.IsDBNull(1), "the failed file's first statement must be rolled back");
        Assert.Equal(1L, reader.GetInt64(2));
    }
}
