using Npgsql;
using TradingAspire.Gateway.Orders;

namespace TradingAspire.Gateway.Persistence;

/// <summary>
/// The gateway's books in PostgreSQL. An order, its execution and the position change are written in ONE
/// transaction; the position row is locked (<c>FOR UPDATE</c>) so concurrent orders for a symbol serialise and the
/// position risk check sees the committed position.
/// </summary>
public sealed class OrderStore(NpgsqlDataSource dataSource)
{
    private const string OrderColumns = "id, client_order_id, symbol, side, order_type, quantity, limit_price, status, filled_quantity, average_price, created_at, updated_at";

    /// <summary>The earlier result for a client order id, or null (idempotency).</summary>
    public async Task<OrderResult?> FindByClientOrderIdAsync(string clientOrderId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {OrderColumns} FROM orders WHERE client_order_id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = clientOrderId });
        var order = await ReadOrderAsync(command, cancellationToken);
        return order is null ? null : new OrderResult(order, (await ExecutionsAsync(connection, order, cancellationToken)).FirstOrDefault());
    }

    /// <summary>An order and its executions, or null.</summary>
    public async Task<(OrderRecord Order, IReadOnlyList<ExecutionRecord> Executions)?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {OrderColumns} FROM orders WHERE id = $1", connection);
        command.Parameters.Add(new NpgsqlParameter { Value = id });
        var order = await ReadOrderAsync(command, cancellationToken);
        return order is null ? null : (order, await ExecutionsAsync(connection, order, cancellationToken));
    }

    /// <summary>
    /// Records a new order: resting (no fill price) or filled at <paramref name="fillPrice"/>. Returns null when the
    /// client order id already exists (a retry or a concurrent duplicate), or the risk error when the position limit
    /// would break. A fill takes three round trips: one batch inserts the order and its execution and locks the
    /// position row, then the position update, then the commit; the row lock is held only for the last two.
    /// </summary>
    public async Task<(OrderResult? Result, FieldError? Rejection)> InsertAsync(
        OrderRequest order, decimal? fillPrice, decimal maxPosition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var record = new OrderRecord(RecordIds.New(now), order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity, order.LimitPrice,
            fillPrice is null ? "resting" : "filled", fillPrice is null ? 0 : order.Quantity, fillPrice, now, now);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        var insertOrder = new NpgsqlBatchCommand(
            $"INSERT INTO orders ({OrderColumns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (client_order_id) DO NOTHING");
        AddOrderParameters(insertOrder, record);
        batch.BatchCommands.Add(insertOrder);
        if (fillPrice is null)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
            return await CommitUnlessDuplicateAsync(transaction, insertOrder, new OrderResult(record, null), cancellationToken);
        }

        var execution = new ExecutionRecord(RecordIds.New(now), record.Id, order.ClientOrderId, order.Symbol, order.Side, order.Quantity, fillPrice.Value, now);
        batch.BatchCommands.Add(InsertExecutionIfOrderInserted(execution));
        batch.BatchCommands.Add(Command("INSERT INTO positions (symbol) VALUES ($1) ON CONFLICT (symbol) DO NOTHING", order.Symbol));
        batch.BatchCommands.Add(Command("SELECT quantity, average_price, realized_pnl FROM positions WHERE symbol = $1 FOR UPDATE", order.Symbol));
        Position position;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            position = new Position(order.Symbol, reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2));
        }

        if (insertOrder.RecordsAffected == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (null, null);
        }

        if (RiskRules.CheckPosition(position.Quantity, order, maxPosition) is { } rejection)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (null, rejection);
        }

        await UpdatePositionAsync(connection, transaction, record, position, fillPrice.Value, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new OrderResult(record, execution), null);
    }

    /// <summary>Fills a resting order at <paramref name="price"/>; null when it is no longer resting or the position limit forbids it.</summary>
    public async Task<OrderResult?> FillRestingAsync(OrderRecord resting, decimal price, decimal maxPosition, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var position = await LockPositionAsync(connection, transaction, resting.Symbol, cancellationToken);
        var request = new OrderRequest(resting.ClientOrderId, resting.Symbol, resting.Side, resting.Type, resting.Quantity, resting.LimitPrice);
        if (RiskRules.CheckPosition(position.Quantity, request, maxPosition) is not null)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        await using (var update = new NpgsqlCommand(
            "UPDATE orders SET status = 'filled', filled_quantity = quantity, average_price = $2, updated_at = $3 WHERE id = $1 AND status = 'resting'",
            connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter { Value = resting.Id });
            update.Parameters.Add(new NpgsqlParameter { Value = price });
            update.Parameters.Add(new NpgsqlParameter { Value = now });
            if (await update.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return null;
            }
        }

        var filled = resting with { Status = "filled", FilledQuantity = resting.Quantity, AveragePrice = price, UpdatedAt = now };
        var execution = new ExecutionRecord(RecordIds.New(now), filled.Id, filled.ClientOrderId, filled.Symbol, filled.Side, filled.Quantity, price, now);
        await using (var insert = new NpgsqlBatch(connection, transaction) { BatchCommands = { InsertExecutionIfOrderInserted(execution) } })
        {
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await UpdatePositionAsync(connection, transaction, filled, position, price, now, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new OrderResult(filled, execution);
    }

    /// <summary>Orders waiting for the price to cross.</summary>
    public async Task<IReadOnlyList<OrderRecord>> RestingOrdersAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand($"SELECT {OrderColumns} FROM orders WHERE status = 'resting' ORDER BY created_at", connection);
        return await ReadOrdersAsync(command, cancellationToken);
    }

    /// <summary>Every position.</summary>
    public async Task<IReadOnlyList<PositionRecord>> PositionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT symbol, quantity, average_price, realized_pnl, updated_at FROM positions ORDER BY symbol", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var positions = new List<PositionRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            positions.Add(new PositionRecord(reader.GetString(0), reader.GetDecimal(1), reader.GetDecimal(2), reader.GetDecimal(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return positions;
    }

    private static async Task<Position> LockPositionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string symbol, CancellationToken cancellationToken)
    {
        await using (var ensure = new NpgsqlCommand("INSERT INTO positions (symbol) VALUES ($1) ON CONFLICT (symbol) DO NOTHING", connection, transaction))
        {
            ensure.Parameters.Add(new NpgsqlParameter { Value = symbol });
            await ensure.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var select = new NpgsqlCommand("SELECT quantity, average_price, realized_pnl FROM positions WHERE symbol = $1 FOR UPDATE", connection, transaction);
        select.Parameters.Add(new NpgsqlParameter { Value = symbol });
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new Position(symbol, reader.GetDecimal(0), reader.GetDecimal(1), reader.GetDecimal(2));
    }

    private static async Task<(OrderResult?, FieldError?)> CommitUnlessDuplicateAsync(
        NpgsqlTransaction transaction, NpgsqlBatchCommand insertOrder, OrderResult result, CancellationToken cancellationToken)
    {
        if (insertOrder.RecordsAffected == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (null, null);
        }

        await transaction.CommitAsync(cancellationToken);
        return (result, null);
    }

    // Conditional so that, batched after an order insert that hit an existing client order id, it writes nothing
    // instead of failing on the foreign key.
    private static NpgsqlBatchCommand InsertExecutionIfOrderInserted(ExecutionRecord execution)
        => Command(
            "INSERT INTO executions (id, order_id, symbol, side, quantity, price, executed_at) " +
            "SELECT $1, $2, $3, $4, $5, $6, $7 WHERE EXISTS (SELECT 1 FROM orders WHERE id = $2)",
            execution.Id, execution.OrderId, execution.Symbol, execution.Side, execution.Quantity, execution.Price, execution.ExecutedAt);

    private static async Task UpdatePositionAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, OrderRecord order, Position position, decimal price, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var updated = position.Apply(order.Side == OrderSides.Buy ? 1 : -1, order.Quantity, price);
        await using var update = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                Command("UPDATE positions SET quantity = $2, average_price = $3, realized_pnl = $4, updated_at = $5 WHERE symbol = $1",
                    order.Symbol, updated.Quantity, updated.AveragePrice, updated.RealizedPnl, now),
            },
        };
        await update.ExecuteNonQueryAsync(cancellationToken);
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

    private static void AddOrderParameters(NpgsqlBatchCommand command, OrderRecord order)
    {
        foreach (var value in new object?[] { order.Id, order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity, order.LimitPrice, order.Status,
                     order.FilledQuantity, order.AveragePrice, order.CreatedAt, order.UpdatedAt })
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }

    private static async Task<OrderRecord?> ReadOrderAsync(NpgsqlCommand command, CancellationToken cancellationToken)
        => (await ReadOrdersAsync(command, cancellationToken)).FirstOrDefault();

    private static async Task<List<OrderRecord>> ReadOrdersAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<OrderRecord>();
        while (await reader.ReadAsync(cancellationToken))
        {
            orders.Add(new OrderRecord(reader.GetGuid(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetDecimal(5),
                reader.IsDBNull(6) ? null : reader.GetDecimal(6), reader.GetString(7), reader.GetDecimal(8), reader.IsDBNull(9) ? null : reader.GetDecimal(9),
                reader.GetFieldValue<DateTimeOffset>(10), reader.GetFieldValue<DateTimeOffset>(11)));
        }

        return orders;
    }
}
