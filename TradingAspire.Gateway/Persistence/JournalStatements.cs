using Npgsql;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Persistence;

/// <summary>The statements of one journal write: one multi-row statement per table, the arrays as parameters.</summary>
internal static class JournalStatements
{
    private const string InsertOrders =
        "INSERT INTO orders (id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, average_price, created_at, updated_at) " +
        "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::text[], $9::numeric[], $10::numeric[], $11::timestamptz[], $12::timestamptz[])";

    // A resting order the sequencer fills was committed before (it joins the book on its batch's commit); if one is not
    // 'resting' any more, another writer changed it: the cast fails with that text and the whole batch rolls back.
    private const string FillRestingOrders =
        $"WITH filled AS (UPDATE orders o SET status = '{OrderStatuses.Filled}', filled_quantity = o.quantity, average_price = u.price, updated_at = u.at " +
        $"FROM unnest($1::uuid[], $2::numeric[], $3::timestamptz[]) AS u(id, price, at) WHERE o.id = u.id AND o.status = '{OrderStatuses.Resting}' RETURNING 1) " +
        "SELECT CASE WHEN count(*) = $4 THEN 0 ELSE ('resting orders filled: ' || count(*) || ' of ' || $4 || '; another writer changed the others')::int END FROM filled";

    private const string InsertExecutions =
        "INSERT INTO executions (id, order_id, symbol, side, quantity, price, executed_at) " +
        "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::timestamptz[])";

    private const string InsertPositionSnapshots =
        "INSERT INTO position_snapshots (symbol, sequence, quantity, average_price, realized_pnl, updated_at) " +
        "SELECT u.symbol, $2, u.quantity, u.average_price, u.realized_pnl, $6 FROM unnest($1::text[], $3::numeric[], $4::numeric[], $5::numeric[]) AS u(symbol, quantity, average_price, realized_pnl)";

    /// <summary>BEGIN, the entry's statements and (when <paramref name="commit"/>) COMMIT, as one batch.</summary>
    public static NpgsqlBatch Batch(NpgsqlConnection connection, JournalEntry entry, bool commit)
    {
        var batch = new NpgsqlBatch(connection);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("BEGIN"));
        if (entry.NewOrders is { Count: > 0 } orders)
        {
            batch.BatchCommands.Add(Command(InsertOrders,
                Map(orders, o => o.Id), Map(orders, o => o.ClientOrderId), Map(orders, o => o.Symbol), Map(orders, o => o.Side), Map(orders, o => o.Type),
                Map(orders, o => o.Quantity), Map(orders, o => o.LimitPrice), Map(orders, o => o.Status), Map(orders, o => o.FilledQuantity),
                Map(orders, o => o.AveragePrice), Map(orders, o => o.CreatedAt), Map(orders, o => o.UpdatedAt)));
        }

        if (entry.FilledRestingOrders is { Count: > 0 } filled)
        {
            batch.BatchCommands.Add(Command(FillRestingOrders, Map(filled, o => o.Id), Map(filled, o => o.AveragePrice!.Value), Map(filled, o => o.UpdatedAt), filled.Count));
        }

        if (entry.Executions is { Count: > 0 } executions)
        {
            batch.BatchCommands.Add(Command(InsertExecutions,
                Map(executions, e => e.Id), Map(executions, e => e.OrderId), Map(executions, e => e.Symbol), Map(executions, e => e.Side),
                Map(executions, e => e.Quantity), Map(executions, e => e.Price), Map(executions, e => e.ExecutedAt)));
        }

        if (entry.Positions is { Count: > 0 } positions)
        {
            batch.BatchCommands.Add(Command(InsertPositionSnapshots,
                Map(positions, p => p.Symbol), entry.Sequence, Map(positions, p => p.Quantity), Map(positions, p => p.AveragePrice), Map(positions, p => p.RealizedPnl), entry.At));
        }

        if (commit)
        {
            // Every answer of the batch waits for this commit (synchronous_commit as the server sets it).
            batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        }

        return batch;
    }

    private static T[] Map<TRow, T>(List<TRow> rows, Func<TRow, T> field)
    {
        var values = new T[rows.Count];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = field(rows[i]);
        }

        return values;
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }
}
