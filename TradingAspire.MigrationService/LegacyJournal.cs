using Npgsql;

namespace TradingAspire.MigrationService;

/// <summary>
/// The journal of the previous hosting layer: table <c>schema_migrations (version integer, name text, checksum text,
/// applied_at timestamptz)</c>, where <c>name</c> is the script's file name (<c>0001_trades.sql</c>). A database that
/// has it but no DbUp journal (<c>schemaversions</c>) was migrated before DbUp; its applied scripts are carried over so
/// they do not run again.
/// </summary>
public static class LegacyJournal
{
    /// <summary>
    /// The file names the legacy journal records, in version order, when the database has that journal and no DbUp
    /// journal yet; otherwise an empty list.
    /// </summary>
    /// <exception cref="NpgsqlException">The database cannot be reached.</exception>
    public static async Task<IReadOnlyList<string>> ReadUnseededAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var probe = new NpgsqlCommand(
            "SELECT to_regclass('schema_migrations') IS NOT NULL AND to_regclass('schemaversions') IS NULL", connection))
        {
            if (await probe.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return [];
            }
        }

        var names = new List<string>();
        await using var command = new NpgsqlCommand("SELECT name FROM schema_migrations ORDER BY version", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}
