using Xunit.Abstractions;
using TradingAspire.TestSupport;

namespace TradingAspire.MigrationService.Tests;

/// <summary>The migration service run as a process against a real PostgreSQL.</summary>
[Collection(PostgresCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MigrationServiceTests(PostgresServer postgres, ITestOutputHelper output) : IDisposable
{
    private readonly string scratch = Directory.CreateTempSubdirectory("migrations-scripts-").FullName;

    public void Dispose() => Directory.Delete(scratch, recursive: true);

    private Task<MigrationProcess.Result> MigrateAsync(string database, string directory) =>
        RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__trading"] = postgres.ConnectionString(database),
            ["Migrations__Directory"] = directory,
        });

    /// <summary>Runs the service and copies what it wrote into the test's output.</summary>
    private async Task<MigrationProcess.Result> RunAsync(IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var result = await MigrationProcess.RunAsync(environment, workingDirectory);
        output.WriteLine($"exit code {result.ExitCode}:\n{result.Output}");
        return result;
    }

    private Task<List<string>> JournalAsync(string database) =>
        postgres.QueryAsync<string>(database, "SELECT scriptname FROM schemaversions ORDER BY schemaversionsid");

    private Task<List<string>> TablesAsync(string database) =>
        postgres.QueryAsync<string>(database, "SELECT tablename::text FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename");

    [Fact]
    public async Task Applies_every_script_once_in_file_name_order_and_a_second_run_applies_nothing()
    {
        var database = await postgres.CreateDatabaseAsync();

        var first = await MigrateAsync(database, MigrationProcess.RepositoryMigrations);

        Assert.True(first.ExitCode == 0, first.Output);
        var scripts = RepositoryScripts();
        var positions = scripts.Select((script, index) => first.Output.IndexOf($"Applying {script} ({index + 1}/{scripts.Count})", StringComparison.Ordinal)).ToList();
        Assert.True(positions[0] >= 0 && positions.SequenceEqual(positions.Order()), first.Output);
        Assert.Contains($"Applied {scripts.Count} migrations; database up to date", first.Output);
        Assert.Equal(scripts, await JournalAsync(database));
        Assert.Equal(["executions", "orders", "position_snapshots", "schemaversions"], await TablesAsync(database)); // positions: a view of the latest snapshots (0004)

        var second = await MigrateAsync(database, MigrationProcess.RepositoryMigrations);

        Assert.True(second.ExitCode == 0, second.Output);
        Assert.DoesNotContain("Applying", second.Output);
        Assert.Contains("Applied 0 migrations; database up to date", second.Output);
        Assert.Equal(scripts, await JournalAsync(database));
    }

    [Fact]
    public async Task A_failing_script_exits_1_naming_the_file_and_the_PostgreSQL_error_and_is_rolled_back_with_nothing_after_it()
    {
        var database = await postgres.CreateDatabaseAsync();
        File.WriteAllText(Path.Combine(scratch, "0001_first.sql"), "CREATE TABLE first (id int);");
        File.WriteAllText(Path.Combine(scratch, "0002_broken.sql"), "CREATE TABLE second (id int);\nINSERT INTO missing_table VALUES (1);");
        File.WriteAllText(Path.Combine(scratch, "0003_third.sql"), "CREATE TABLE third (id int);");

        var result = await MigrateAsync(database, scratch);

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains("Migration 0002_broken.sql failed: 42P01: relation \"missing_table\" does not exist", result.Output);
        Assert.DoesNotContain("Applying 0003_third.sql", result.Output);
        Assert.DoesNotContain("database up to date", result.Output);
        Assert.Equal(["0001_first.sql"], await JournalAsync(database));
        Assert.Equal(["first", "schemaversions"], await TablesAsync(database));
    }

    [Fact]
    public async Task A_database_migrated_by_the_previous_hosting_layer_keeps_its_applied_scripts()
    {
        var database = await postgres.CreateDatabaseAsync();
        // What TradingAspire.Hosting's PostgresMigrator left: 0001 applied and recorded in schema_migrations.
        await postgres.ExecuteAsync(database, """
            CREATE TABLE schema_migrations (
                version     integer PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now())
            """);
        await postgres.ExecuteAsync(database, File.ReadAllText(Path.Combine(MigrationProcess.RepositoryMigrations, "0001_trades.sql")));
        await postgres.ExecuteAsync(database, "INSERT INTO schema_migrations (version, name, checksum) VALUES (1, '0001_trades.sql', 'abc')");

        var result = await MigrateAsync(database, MigrationProcess.RepositoryMigrations);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Carried over from the legacy journal schema_migrations into the DbUp journal schemaversions (not run again): 0001_trades.sql", result.Output);
        Assert.DoesNotContain("Applying 0001_trades.sql", result.Output);
        var scripts = RepositoryScripts();
        Assert.Contains($"Applying 0002_orders_executions_positions.sql (1/{scripts.Count - 1})", result.Output);
        Assert.Contains($"Applied {scripts.Count - 1} migration{(scripts.Count - 1 == 1 ? "" : "s")}; database up to date", result.Output);
        Assert.Equal(scripts, await JournalAsync(database));

        // Seeding happens once: the next run finds the DbUp journal and carries nothing over.
        var again = await MigrateAsync(database, MigrationProcess.RepositoryMigrations);
        Assert.True(again.ExitCode == 0, again.Output);
        Assert.DoesNotContain("Carried over", again.Output);
        Assert.Equal(scripts, await JournalAsync(database));
    }

    [Fact]
    public async Task A_missing_scripts_directory_exits_2_naming_the_key_the_value_and_an_example()
    {
        var missing = Path.Combine(scratch, "no-such-folder");

        var result = await RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__trading"] = postgres.ConnectionString("postgres"),
            ["Migrations__Directory"] = missing,
        });

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"Migrations directory '{missing}' (Migrations:Directory = '{missing}') does not exist", result.Output);
        Assert.Contains("example: Migrations__Directory=", result.Output);
    }

    [Fact]
    public async Task A_directory_without_sql_files_exits_2()
    {
        File.WriteAllText(Path.Combine(scratch, "README.md"), "not a migration");

        var result = await RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__trading"] = postgres.ConnectionString("postgres"),
            ["Migrations__Directory"] = scratch,
        });

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains($"Migrations directory '{scratch}' (Migrations:Directory = '{scratch}') contains no .sql file", result.Output);
    }

    [Fact]
    public async Task Dollar_quoted_PostgreSQL_bodies_are_not_taken_for_DbUp_variables()
    {
        var database = await postgres.CreateDatabaseAsync();
        File.WriteAllText(Path.Combine(scratch, "0001_function.sql"), """
            CREATE FUNCTION answer() RETURNS integer LANGUAGE plpgsql AS $body$
            BEGIN
                RETURN 42;
            END;
            $body$;
            """);

        var result = await MigrateAsync(database, scratch);

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Equal([42], await postgres.QueryAsync<int>(database, "SELECT answer()"));
    }

    [Fact]
    public async Task The_default_scripts_directory_is_db_migrations_beside_the_current_directory()
    {
        var database = await postgres.CreateDatabaseAsync();
        Directory.CreateDirectory(Path.Combine(scratch, "db", "migrations"));
        Directory.CreateDirectory(Path.Combine(scratch, "service"));
        File.WriteAllText(Path.Combine(scratch, "db", "migrations", "0001_only.sql"), "CREATE TABLE only_one (id int);");

        var result = await RunAsync(
            new Dictionary<string, string?> { ["ConnectionStrings__trading"] = postgres.ConnectionString(database) },
            workingDirectory: Path.Combine(scratch, "service"));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("Applying 0001_only.sql (1/1)", result.Output);
        Assert.Equal(["0001_only.sql"], await JournalAsync(database));
    }

    [Fact]
    public async Task A_missing_connection_string_exits_2_naming_the_key_and_an_example()
    {
        var result = await RunAsync(new Dictionary<string, string?> { ["Migrations__Directory"] = MigrationProcess.RepositoryMigrations });

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("Configuration ConnectionStrings:trading is not set", result.Output);
        Assert.Contains("example: ConnectionStrings__trading=\"Host=", result.Output);
    }

    [Fact]
    public async Task A_malformed_connection_string_exits_2_naming_the_key()
    {
        var result = await RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__trading"] = "postgres://127.0.0.1/trading",
            ["Migrations__Directory"] = MigrationProcess.RepositoryMigrations,
        });

        Assert.True(result.ExitCode == 2, result.Output);
        Assert.Contains("Configuration ConnectionStrings:trading is not an Npgsql connection string", result.Output);
    }

    [Fact]
    public async Task An_unreachable_database_exits_1_naming_it()
    {
        var database = await postgres.CreateDatabaseAsync();
        var result = await RunAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings__trading"] = postgres.ConnectionString(database).Replace($"Port={postgres.Port}", "Port=1", StringComparison.Ordinal),
            ["Migrations__Directory"] = MigrationProcess.RepositoryMigrations,
        });

        Assert.True(result.ExitCode == 1, result.Output);
        Assert.Contains($"Cannot use database {database} on 127.0.0.1:1 (ConnectionStrings:trading)", result.Output);
    }

    /// <summary>The repository's migration file names in the order DbUp applies them.</summary>
    private static List<string> RepositoryScripts()
        => Directory.GetFiles(MigrationProcess.RepositoryMigrations, "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
}
