using Npgsql;
using NpgsqlTypes;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// Writes a batch of new orders in ONE transaction (group commit): one round trip locks the position rows of the
/// batch's symbols (<c>FOR UPDATE</c>, in symbol order) and finds client order ids already used; the orders are then
/// decided in memory in arrival order (duplicates, position limit, each fill moving its symbol's position); one round
/// trip inserts the accepted orders and executions, writes each symbol's position once and commits. So a batch costs
/// two round trips whatever its size (BEGIN and COMMIT travel with the statements), and a hot symbol's position row is
/// written once per batch.
/// </summary>
public sealed class OrderBatchWriter(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Decides and writes <paramref name="batch"/>; returns each order's outcome in the same order, valid once the
    /// method returns (the transaction has committed). Throws what PostgreSQL throws (nothing is then written).
    /// </summary>
    public async Task<IReadOnlyList<(OrderResult? Result, FieldError? Rejection)>> WriteAsync(
        IReadOnlyList<PendingOrder> batch, decimal maxPosition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        try
        {
            return await WriteInTransactionAsync(connection, batch, maxPosition, now, cancellationToken);
        }
        catch when (connection.State == System.Data.ConnectionState.Open)
        {
            // BEGIN and COMMIT are sent as statements; leave no open or failed transaction on the pooled connection.
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

    private static async Task<IReadOnlyList<(OrderResult? Result, FieldError? Rejection)>> WriteInTransactionAsync(
        NpgsqlConnection connection, IReadOnlyList<PendingOrder> batch, decimal maxPosition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var filledSymbols = batch.Where(p => p.FillPrice is not null).Select(p => p.Request.Symbol).Distinct().Order(StringComparer.Ordinal).ToArray();
        var (positions, used) = await LockAsync(connection, filledSymbols, batch.Select(p => p.Request.ClientOrderId).Distinct().ToArray(), cancellationToken);

        var outcomes = new (OrderResult? Result, FieldError? Rejection)[batch.Count];
        var accepted = new List<OrderResult>();
        for (var i = 0; i < batch.Count; i++)
        {
            var pending = batch[i];
            var order = pending.Request;
            if (!used.Add(order.ClientOrderId))
            {
                outcomes[i] = (null, null); // stored before, or earlier in this batch: the caller answers with that order
                continue;
            }

            var record = new OrderRecord(RecordIds.New(pending.ReceivedAt), order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity, order.LimitPrice,
                pending.FillPrice is null ? "resting" : "filled", pending.FillPrice is null ? 0 : order.Quantity, pending.FillPrice, pending.ReceivedAt, pending.ReceivedAt);
            ExecutionRecord? execution = null;
            if (pending.FillPrice is { } price)
            {
                var position = positions[order.Symbol];
                if (RiskRules.CheckPosition(position.Quantity, order, maxPosition) is { } rejection)
                {
                    used.Remove(order.ClientOrderId); // refused orders are not stored: the id stays free
                    outcomes[i] = (null, rejection);
                    continue;
                }

                positions[order.Symbol] = position.Apply(order.Sign, order.Quantity, price);
                execution = new ExecutionRecord(RecordIds.New(pending.ReceivedAt), record.Id, order.ClientOrderId, order.Symbol, order.Side, order.Quantity, price, pending.ReceivedAt);
            }

            var result = new OrderResult(record, execution);
            accepted.Add(result);
            outcomes[i] = (result, null);
        }

        await InsertAndCommitAsync(connection, accepted, positions.Values, now, cancellationToken);
        return outcomes;
    }

    private static async Task<(Dictionary<string, Position> Positions, HashSet<string> Used)> LockAsync(
        NpgsqlConnection connection, string[] symbols, string[] clientOrderIds, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("BEGIN"),
                Command("INSERT INTO positions (symbol) SELECT unnest($1::text[]) ON CONFLICT (symbol) DO NOTHING", (object)symbols),
                Command("SELECT symbol, quantity, average_price, realized_pnl FROM positions WHERE symbol = ANY($1) ORDER BY symbol FOR UPDATE", (object)symbols),
                Command("SELECT client_order_id FROM orders WHERE client_order_id = ANY($1)", (object)clientOrderIds),
            },
        };
        var positions = new Dictionary<string, Position>(StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            positions[reader.GetString(0)] = new Position(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3));
        }

        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            used.Add(reader.GetString(0));
        }

        return (positions, used);
    }

    private static async Task InsertAndCommitAsync(
        NpgsqlConnection connection, List<OrderResult> accepted, IEnumerable<Position> positions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var orders = accepted.Select(r => r.Order).ToList();
        var executions = accepted.Where(r => r.Execution is not null).Select(r => r.Execution!).ToList();
        var moved = positions.ToList();
        await using var batch = new NpgsqlBatch(connection);
        if (orders.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO orders (id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, average_price, created_at, updated_at) " +
                "SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::numeric[], $7::numeric[], $8::text[], $9::numeric[], $10::numeric[], $11::timestamptz[], $12::timestamptz[])",
                orders.Select(o => o.Id).ToArray(), orders.Select(o => o.ClientOrderId).ToArray(), orders.Select(o => o.Symbol).ToArray(),
                orders.Select(o => o.Side).ToArray(), orders.Select(o => o.Type).ToArray(), orders.Select(o => o.Quantity).ToArray(),
                orders.Select(o => o.LimitPrice).ToArray(), orders.Select(o => o.Status).ToArray(), orders.Select(o => o.FilledQuantity).ToArray(),
                orders.Select(o => o.AveragePrice).ToArray(), orders.Select(o => o.CreatedAt).ToArray(), orders.Select(o => o.UpdatedAt).ToArray()));
        }

        if (executions.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "INSERT INTO executions (id, order_id, symbol, side, quantity, price, executed_at) " +
                "SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::numeric[], $6::numeric[], $7::timestamptz[])",
                executions.Select(e => e.Id).ToArray(), executions.Select(e => e.OrderId).ToArray(), executions.Select(e => e.Symbol).ToArray(),
                executions.Select(e => e.Side).ToArray(), executions.Select(e => e.Quantity).ToArray(), executions.Select(e => e.Price).ToArray(),
                executions.Select(e => e.ExecutedAt).ToArray()));
        }

        if (executions.Count > 0 && moved.Count > 0)
        {
            batch.BatchCommands.Add(Command(
                "UPDATE positions p SET quantity = u.quantity, average_price = u.average_price, realized_pnl = u.realized_pnl, updated_at = $5 " +
                "FROM unnest($1::text[], $2::numeric[], $3::numeric[], $4::numeric[]) AS u(symbol, quantity, average_price, realized_pnl) WHERE p.symbol = u.symbol",
                moved.Select(p => p.Symbol).ToArray(), moved.Select(p => p.Quantity).ToArray(), moved.Select(p => p.AveragePrice).ToArray(),
                moved.Select(p => p.RealizedPnl).ToArray(), now));
        }

        // The answer to every order of the batch waits for this commit (synchronous_commit as the server sets it).
        batch.BatchCommands.Add(new NpgsqlBatchCommand("COMMIT"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    // A single array argument must be passed as (object)array, or C# spreads it over the params.
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
