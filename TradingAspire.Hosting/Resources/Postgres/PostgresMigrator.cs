using Npgsql;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>
/// Applies numbered SQL files in order, each in its own transaction, recorded in <c>schema_migrations</c>; applied
/// files are skipped. A failing file is rolled back and reported with its name, the statement position and the
/// PostgreSQL error.
/// </summary>
public sealed class PostgresMigrator(string connectionString, string migrationsDirectory)
{
    private const string JournalDdl = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     integer PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL DEFAULT now()
        )
        """;

    /// <summary>Applies the pending files; returns their names.</summary>
    public async Task<IReadOnlyList<string>> MigrateAsync(Action<string>? progress, CancellationToken cancellationToken)
    {
        var files = MigrationFile.ReadDirectory(migrationsDirectory);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var applied = await AppliedVersionsAsync(connection, cancellationToken).ConfigureAwait(false);
        var pending = files.Where(f => !applied.ContainsKey(f.Version)).ToList();
        var done = new List<string>();
        foreach (var (file, index) in pending.Select((f, i) => (f, i)))
        {
            progress?.Invoke($"migration {index + 1}/{pending.Count}: {file.Name}");
            await ApplyAsync(connection, file, cancellationToken).ConfigureAwait(false);
            done.Add(file.Name);
        }

        return done;
    }

    /// <summary>Applied and pending migrations, for <c>db status</c>.</summary>
    public async Task<(IReadOnlyList<string> Applied, IReadOnlyList<string> Pending)> StatusAsync(CancellationToken cancellationToken)
    {
        var files = MigrationFile.ReadDirectory(migrationsDirectory);
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var applied = await AppliedVersionsAsync(connection, cancellationToken).ConfigureAwait(false);
        return (
            applied.OrderBy(a => a.Key).Select(a => $"{a.Value.Name} (applied {a.Value.AppliedAt:u})").ToList(),
            files.Where(f => !applied.ContainsKey(f.Version)).Select(f => f.Name).ToList());
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(JournalDdl, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static async Task<Dictionary<int, (string Name, DateTime AppliedAt)>> AppliedVersionsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<int, (string, DateTime)>();
        await using var command = new NpgsqlCommand("SELECT version, name, applied_at FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetDateTime(2));
        }

        return applied;
    }

    private static async Task ApplyAsync(NpgsqlConnection connection, MigrationFile file, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var statementOffset = 0;
        try
        {
            foreach (var (offset, statement) in SqlStatementSplitter.Split(file.Sql))
            {
                statementOffset = offset;
                await using var command = new NpgsqlCommand(statement, connection, transaction);
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = file.Version });
                record.Parameters.Add(new NpgsqlParameter { Value = file.Name });
                record.Parameters.Add(new NpgsqlParameter { Value = file.Checksum });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresException ex)
        {
            await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
            // The position PostgreSQL reports is within the failing statement.
            var character = ex.Position > 0 ? statementOffset + ex.Position : 0;
            var where = character > 0 ? file.LocationOf(character) : (Line: 0, Column: 0);
            var position = character > 0 ? $" at line {where.Line}, column {where.Column} (character {character})" : "";
            throw new InvalidOperationException(
                $"Migration {file.Name} failed{position}: {ex.MessageText} (SQLSTATE {ex.SqlState}). The file was rolled back; " +
                "migrations before it stay applied. Fix the file, then restart the database resource.", ex);
        }
    }
}
