using System.Diagnostics;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using DbUp.ScriptProviders;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace TradingAspire.MigrationService;

/// <summary>
/// Applies the pending <c>.sql</c> scripts of <see cref="MigrationSettings.Directory"/> with DbUp: in file-name order,
/// each once (journal table <c>schemaversions</c>) and in its own transaction; the first failing script is rolled back
/// and nothing after it runs.
/// </summary>
public sealed class DatabaseMigrator(MigrationSettings settings, ILoggerFactory loggerFactory)
{
    /// <summary>Traces of a migration run; ServiceDefaults exports sources named <c>TradingAspire.*</c>.</summary>
    public static readonly ActivitySource ActivitySource = new("TradingAspire.Migrations");

    private readonly ILogger logger = loggerFactory.CreateLogger<DatabaseMigrator>();

    /// <summary>
    /// Migrates the database. Returns the process exit code: 0 when the database is up to date, 1 when a script
    /// failed or the database could not be reached (the log says which and why).
    /// </summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("migrate database");
        try
        {
            await SeedFromLegacyJournalAsync(cancellationToken);
            var engine = Engine().Build();
            var pending = engine.GetScriptsToExecute();
            activity?.SetTag("migrations.pending", pending.Count);
            var next = 0;
            void AnnounceNext()
            {
                if (next < pending.Count)
                {
                    logger.LogInformation("Applying {Script} ({Number}/{Count})", pending[next].Name, next + 1, pending.Count);
                }
            }

            engine.ScriptExecuted += (_, _) => { next++; AnnounceNext(); };
            AnnounceNext();
            var result = engine.PerformUpgrade();
            if (!result.Successful)
            {
                activity?.SetStatus(ActivityStatusCode.Error, result.ErrorScript?.Name);
                ReportFailure(result);
                return 1;
            }

            var applied = result.Scripts.Count();
            logger.LogInformation("Applied {Count} {Migrations}; database up to date", applied, applied == 1 ? "migration" : "migrations");
            return 0;
        }
        catch (NpgsqlException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            var target = new NpgsqlConnectionStringBuilder(settings.ConnectionString);
            logger.LogError("Cannot use database {Database} on {Host}:{Port} ({Key}): {Message}. Check that PostgreSQL is running and the connection string is right.",
                target.Database, target.Host, target.Port, MigrationSettings.ConnectionStringKey, ex.Message);
            return 1;
        }
    }

    private UpgradeEngineBuilder Engine() =>
        DeployChanges.To
            .PostgresqlDatabase(settings.ConnectionString)
            .WithScriptsFromFileSystem(settings.Directory, new FileSystemScriptOptions { UseOnlyFilenameForScriptName = true })
            .WithTransactionPerScript()
            // $name$ would otherwise be taken for a DbUp variable; PostgreSQL uses it for dollar quoting.
            .WithVariablesDisabled()
            .LogTo(new DbUpLog(loggerFactory.CreateLogger("DbUp")));

    private async Task SeedFromLegacyJournalAsync(CancellationToken cancellationToken)
    {
        var legacy = await LegacyJournal.ReadUnseededAsync(settings.ConnectionString, cancellationToken);
        if (legacy.Count == 0)
        {
            return;
        }

        var recorded = legacy.ToHashSet(StringComparer.Ordinal);
        var seeder = Engine().WithFilter(new OnlyScriptsNamed(recorded)).Build();
        var known = seeder.GetDiscoveredScripts().Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var missing in legacy.Where(name => !known.Contains(name)))
        {
            logger.LogWarning("The legacy journal schema_migrations records {Script}, which is not in {Directory}; it is not carried over.", missing, settings.Directory);
        }

        var result = seeder.MarkAsExecuted();
        if (!result.Successful)
        {
            throw result.Error;
        }

        logger.LogInformation("Carried over from the legacy journal schema_migrations into the DbUp journal schemaversions (not run again): {Scripts}",
            string.Join(", ", result.Scripts.Select(s => s.Name)));
    }

    private void ReportFailure(DatabaseUpgradeResult result)
    {
        var script = result.ErrorScript?.Name ?? "(before any script)";
        if (result.Error is PostgresException postgres)
        {
            var detail = string.Concat(
                postgres.Detail is { Length: > 0 } d ? $" Detail: {d}." : "",
                postgres.Hint is { Length: > 0 } h ? $" Hint: {h}." : "");
            logger.LogError("Migration {Script} failed: {SqlState}: {MessageText}.{Detail} The script was rolled back and no later script was applied; " +
                "fix the script and run the migrations again.", script, postgres.SqlState, postgres.MessageText, detail);
        }
        else
        {
            logger.LogError(result.Error, "Migration {Script} failed: {Message}. The script was rolled back and no later script was applied.",
                script, result.Error.Message);
        }
    }
}
