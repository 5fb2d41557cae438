using Microsoft.Extensions.Logging;
using Npgsql;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>Brings a database up inside its (healthy) server: create it when missing, then apply migrations.</summary>
internal static class PostgresDatabaseRunner
{
    public static async Task RunAsync(CustomResourceRunContext context, PostgresDatabaseResource database)
    {
        await EnsureCreatedAsync(database, context.CancellationToken).ConfigureAwait(false);
        if (database.MigrationsDirectory is { } directory)
        {
            var migrator = new PostgresMigrator((await database.GetConnectionStringAsync(context.CancellationToken).ConfigureAwait(false))!, directory);
            var applied = await migrator.MigrateAsync(step => context.Logger.LogInformation("{Step}", step), context.CancellationToken).ConfigureAwait(false);
            context.Logger.LogInformation("{Count} migration(s) applied{Names}", applied.Count, applied.Count > 0 ? ": " + string.Join(", ", applied) : "");
        }
    }

    public static async Task EnsureCreatedAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.Parent.MaintenanceConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = $1", connection);
        exists.Parameters.Add(new NpgsqlParameter { Value = database.DatabaseName });
        if (await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(database.DatabaseName)} ENCODING 'UTF8'", connection);
            await create.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task DropAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database.Parent.MaintenanceConnectionString());
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {QuoteIdentifier(database.DatabaseName)} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);

        // WITH (FORCE) terminated every session of the database, including idle pooled ones of this process.
        NpgsqlConnection.ClearAllPools();
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
}
