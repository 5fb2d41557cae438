using Npgsql;

namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// Reads of the gateway's books in PostgreSQL (committed state). Orders are written only by the sequencer's journal
/// (<see cref="OrderJournal"/>). A read whose pooled connection's session PostgreSQL had ended runs once more on a new
/// connection (<see cref="EndedSession"/>).
/// </summary>
public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    /// <summary>The stored order for a client order id and its execution (null while resting), or null.</summary>
    public Task<OrderResult?> FindByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken)
        => EndedSession.ReadAsync(dataSource, async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT {OrderRows.Columns} FROM orders WHERE client_order_id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = clientOrderId });
            var order = await ReadOrderAsync(command, cancellationToken);
            return order is null ? null : new OrderResult(order, (await ExecutionsAsync(connection, order, cancellationToken)).FirstOrDefault());
        }, cancellationToken);

    /// <summary>An order and its executions, or null.</summary>
    public Task<(OrderRecord Order, IReadOnlyList<ExecutionRecord> Executions)?> GetAsync(Guid id, CancellationToken cancellationToken)
        => EndedSession.ReadAsync<(OrderRecord, IReadOnlyList<ExecutionRecord>)?>(dataSource, async connection =>
        {
            await using var command = new NpgsqlCommand($"SELECT {OrderRows.Columns} FROM orders WHERE id = $1", connection);
            command.Parameters.Add(new NpgsqlParameter { Value = id });
            var order = await ReadOrderAsync(command, cancellationToken);
            return order is null ? null : (order, await ExecutionsAsync(connection, order, cancellationToken));
        }, cancellationToken);

    /// <summary>Every position (each symbol's latest committed snapshot).</summary>
    public Task<IReadOnlyList<PositionRecord>> PositionsAsync(CancellationToken cancellationToken)
        => EndedSession.ReadAsync<IReadOnlyList<PositionRecord>>(dataSource, async connection =>
        {
            await using var command = new NpgsqlCommand("SELECT symbol, quantity, average_price, realized_pnl, updated_at FROM positions ORDER BY symbol", connection);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var positions = new List<PositionRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                positions.Add(new PositionRecord(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetFieldValue<DateTimeOffset>(4)));
            }

            return positions;
        }, cancellationToken);

    private static async Task<List<ExecutionRecord>> ExecutionsAsync(NpgsqlConnection connection, OrderRecord order, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id, quantity, price, executed_at FROM executions WHERE order_id = $1 ORDER BY executed_at", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = order.Id });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var executions = new List<ExecutionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            executions.Add(new ExecutionRecord(reader.GetGuid(0), order.Id, order.ClientOrderId, order.Symbol, order.Side, reader.GetDecimal(1), reader.GetDecimal(2),
                reader.GetFieldValue<DateTimeOffset>(3)));
        }

        return executions;
    }

    private static async Task<OrderRecord?> ReadOrderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? OrderRows.Read(reader) : null;
    }
}
