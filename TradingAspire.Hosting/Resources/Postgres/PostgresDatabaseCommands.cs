using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>Database operations shown as dashboard commands and reached by <c>db ...</c> on the CLI.</summary>
internal static class PostgresDatabaseCommands
{
    public static async Task<ExecuteCommandResult> MigrateAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        var migrator = await MigratorAsync(database, cancellationToken).ConfigureAwait(false);
        var applied = await migrator.MigrateAsync(null, cancellationToken).ConfigureAwait(false);
        return ExecuteCommandResult.Ok(applied.Count == 0 ? "No pending migrations." : $"Applied {applied.Count}: {string.Join(", ", applied)}");
    }

    public static async Task<ExecuteCommandResult> StatusAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        var (applied, pending) = await (await MigratorAsync(database, cancellationToken).ConfigureAwait(false)).StatusAsync(cancellationToken).ConfigureAwait(false);
        var lines = applied.Select(a => $"applied  {a}").Concat(pending.Select(p => $"pending  {p}"));
        return ExecuteCommandResult.Ok($"{applied.Count} applied, {pending.Count} pending{Environment.NewLine}{string.Join(Environment.NewLine, lines)}");
    }

    public static async Task<ExecuteCommandResult> BackupAsync(PostgresDatabaseResource database, IServiceProvider services, string? output, CancellationToken cancellationToken)
    {
        var paths = services.GetRequiredService<ApplicationPaths>();
        var file = output is not null
            ? Path.GetFullPath(output, paths.RepositoryRoot)
            : Path.Combine(paths.RepositoryRoot, "backups", $"{database.DatabaseName}-{services.GetRequiredService<TimeProvider>().GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.dump");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        await PostgresDataDirectory.RunAsync(PostgresBinaries.Require("pg_dump"),
            [.. ConnectionArguments(database), "-Fc", "-f", file, database.DatabaseName], cancellationToken, PasswordEnvironment(database)).ConfigureAwait(false);
        return ExecuteCommandResult.Ok($"Backup written to {file} ({new FileInfo(file).Length} bytes)");
    }

    public static async Task<ExecuteCommandResult> RestoreAsync(PostgresDatabaseResource database, IServiceProvider services, string file, CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(file, services.GetRequiredService<ApplicationPaths>().RepositoryRoot);
        if (!File.Exists(path))
        {
            return ExecuteCommandResult.Failed($"Backup file '{path}' does not exist. Backups are under backups/ (see: db backup).");
        }

        await PostgresDataDirectory.RunAsync(PostgresBinaries.Require("pg_restore"),
            [.. ConnectionArguments(database), "--clean", "--if-exists", "--no-owner", "-d", database.DatabaseName, path], cancellationToken, PasswordEnvironment(database))
            .ConfigureAwait(false);
        return ExecuteCommandResult.Ok($"Restored {path} into {database.DatabaseName}");
    }

    public static async Task<ExecuteCommandResult> ResetAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
    {
        await PostgresDatabaseRunner.DropAsync(database, cancellationToken).ConfigureAwait(false);
        await PostgresDatabaseRunner.EnsureCreatedAsync(database, cancellationToken).ConfigureAwait(false);
        var migrated = database.MigrationsDirectory is null ? ExecuteCommandResult.Ok("no migrations declared") : await MigrateAsync(database, cancellationToken).ConfigureAwait(false);
        return ExecuteCommandResult.Ok($"Dropped and recreated {database.DatabaseName}. {migrated.Message}");
    }

    private static async Task<PostgresMigrator> MigratorAsync(PostgresDatabaseResource database, CancellationToken cancellationToken)
        => new((await database.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false))!,
            database.MigrationsDirectory ?? throw new InvalidOperationException($"Database '{database.Name}' has no migrations; declare them with .WithMigrations(\"../db/migrations\")."));

    private static string[] ConnectionArguments(PostgresDatabaseResource database)
        => ["-h", database.Parent.Endpoint.Host, "-p", database.Parent.Endpoint.Port.ToString(CultureInfo.InvariantCulture), "-U", database.Parent.UserName];

    private static Dictionary<string, string> PasswordEnvironment(PostgresDatabaseResource database)
        => new() { ["PGPASSWORD"] = database.Parent.Password(database.Parent.RequireServices()) };
}
