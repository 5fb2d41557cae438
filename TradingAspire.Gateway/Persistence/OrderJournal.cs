using Npgsql;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// The order path's journal in PostgreSQL (docs/architecture.md, "Order path"). <see cref="WriteAsync"/> appends one
/// sequencer batch in one transaction and one round trip — multi-row statements over arrays (<c>unnest</c>), BEGIN and
/// COMMIT in the same round trip — and takes no row lock another batch waits for, so the next batch can be written
/// while this one commits. <see cref="LoadAsync"/> reads the committed state back at start and after a failed write.
/// </summary>
public sealed class OrderJournal(NpgsqlDataSource dataSource)
{
    /// <summary>The name PostgreSQL gave the unique key of <c>orders.client_order_id</c> (db/migrations/0002).</summary>
    internal const string ClientOrderIdKey = "orders_client_order_id_key";

    /// <summary>
    /// Writes <paramref name="entry"/>. With <paramref name="predecessor"/> (the previous batch's write, still running)
    /// the rows are sent at once but committed only after the predecessor has committed, and rolled back when it
    /// failed, so PostgreSQL never holds a batch without the batches before it. Returns once committed; throws what
    /// PostgreSQL (or the predecessor) threw, and then nothing of the entry is stored. Written once more, on a new
    /// connection, when the pooled connection's session had been ended before the write (<see cref="EndedSession"/>).
    /// </summary>
    public async Task WriteAsync(JournalEntry entry, Task? predecessor, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            try
            {
                var commitNow = predecessor is null || predecessor.IsCompletedSuccessfully;
                await using (var batch = JournalStatements.Batch(connection, entry, commitNow))
                {
                    await batch.ExecuteNonQueryAsync(cancellationToken);
                }

                if (!commitNow)
                {
                    await predecessor!;
                    await using var commit = new NpgsqlCommand("COMMIT", connection);
                    await commit.ExecuteNonQueryAsync(cancellationToken);
                }

                return;
            }
            catch (PostgresException ex) when (attempt == 1 && EndedSession.Is(ex) && ex.BatchCommand?.CommandText == "BEGIN")
            {
                // The pooled connection's session had been ended before this write: its BEGIN got the server's last
                // word, so nothing of the entry ran. Npgsql has cleared the pool; written again on a new connection.
            }
            catch when (connection.State == System.Data.ConnectionState.Open)
            {
                // BEGIN and COMMIT are sent as statements: leave no open or failed transaction on the pooled connection.
                try
                {
                    await using var rollback = new NpgsqlCommand("ROLLBACK", connection);
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                }
                catch (NpgsqlException)
                {
                    // The connection is broken: the server ends its transaction; the first error is the one to report.
                }

                throw;
            }
        }
    }

    /// <summary>
    /// Whether the migration script <paramref name="scriptName"/> is recorded as applied in the migrations' DbUp journal
    /// (<c>schemaversions</c>); false while that journal does not exist yet.
    /// </summary>
    /// <exception cref="NpgsqlException">PostgreSQL cannot be reached.</exception>
    public async Task<bool> IsMigratedToAsync(string scriptName, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two statements: a query naming a table that does not exist fails as a whole, even behind a false condition.
        await using (var journalExists = new NpgsqlCommand("SELECT to_regclass('schemaversions') IS NOT NULL", connection))
        {
            if (await journalExists.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return false;
            }
        }

        await using var applied = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM schemaversions WHERE scriptname = $1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = scriptName } },
        };
        return await applied.ExecuteScalarAsync(cancellationToken) is true;
    }

    /// <summary>
    /// The committed state, read in one repeatable-read transaction after every other gateway connection that is in a
    /// writing transaction has ended (a batch of a killed gateway, or one whose connection broke during COMMIT, is thus
    /// decided first: committed or rolled back). Client order ids are read only for orders created at or after
    /// <paramref name="clientOrderIdsSince"/> (the sequencer's window; through the <c>orders (created_at, id)</c> index),
    /// oldest first.
    /// </summary>
    /// <exception cref="InvalidOperationException">Another gateway's transaction did not end within 5 s.</exception>
    public async Task<BookSnapshot> LoadAsync(DateTimeOffset clientOrderIdsSince, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await EndOtherWritersAsync(connection, cancellationToken);
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"),
                new NpgsqlBatchCommand("SELECT symbol, quantity, average_price, realized_pnl, updated_at, sequence FROM positions ORDER BY symbol"),
                new NpgsqlBatchCommand($"SELECT {OrderRows.Columns} FROM orders WHERE status = '{OrderStatuses.Resting}' ORDER BY created_at, id"),
                new NpgsqlBatchCommand("SELECT client_order_id, created_at FROM orders WHERE created_at >= $1 ORDER BY created_at, id")
                {
                    Parameters = { new NpgsqlParameter { Value = clientOrderIdsSince } },
                },
                new NpgsqlBatchCommand("COMMIT"),
            },
        };
        var positions = new List<PositionRecord>();
        var resting = new List<OrderRecord>();
        var ids = new List<(string, DateTimeOffset)>();
        long lastSequence = 0;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                positions.Add(new PositionRecord(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetFieldValue<DateTimeOffset>(4)));
                lastSequence = Math.Max(lastSequence, reader.GetInt64(5));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                resting.Add(OrderRows.Read(reader));
            }

            await reader.NextResultAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add((reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1)));
            }
        }

        return new BookSnapshot(positions, resting, ids, lastSequence);
    }

    /// <summary>
    /// Which of <paramref name="clientOrderIds"/> are stored in <c>orders</c> (committed): asked after the unique key on
    /// <c>orders.client_order_id</c> refused a batch, to find the ids older than the sequencer's window.
    /// </summary>
    /// <exception cref="NpgsqlException">PostgreSQL cannot be reached.</exception>
    public async Task<IReadOnlyList<string>> StoredClientOrderIdsAsync(IReadOnlyCollection<string> clientOrderIds, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT client_order_id FROM orders WHERE client_order_id = ANY($1)", connection)
        {
            Parameters = { new NpgsqlParameter { Value = clientOrderIds.ToArray() } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var stored = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            stored.Add(reader.GetString(0));
        }

        return stored;
    }

    /// <summary>
    /// True when <paramref name="exception"/> is PostgreSQL refusing a journal write because an order's client order id
    /// is already stored (unique violation 23505 on <c>orders.client_order_id</c>): the transaction was rolled back.
    /// </summary>
    public static bool IsUsedClientOrderId(Exception exception)
        => exception is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, TableName: "orders", ConstraintName: ClientOrderIdKey };

    private static async Task EndOtherWritersAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        // Connections of the gateway (same application_name) other than this one that hold a transaction id, i.e. have
        // written: ended, waiting up to 5 s each (PostgreSQL finishes a COMMIT in progress before the backend exits).
        await using var command = new NpgsqlCommand(
            "SELECT count(*) FILTER (WHERE NOT pg_terminate_backend(pid, 5000)) FROM pg_stat_activity " +
            "WHERE application_name = current_setting('application_name') AND application_name <> '' AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL",
            connection);
        if (await command.ExecuteScalarAsync(cancellationToken) is long left and > 0)
        {
            throw new InvalidOperationException(
                $"{left} other gateway connection(s) still hold a writing transaction after 5 s; the order book is read again once they end. " +
                "Is a second gateway running on this database? The order path allows one (docs/architecture.md, \"Order path\").");
        }
    }
}
