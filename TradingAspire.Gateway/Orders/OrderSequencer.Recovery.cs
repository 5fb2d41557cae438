using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

// Recovery: the state read from PostgreSQL at start and after a failed write, and the batches decided again when the
// journal's unique key refuses a client order id older than the window.
public sealed partial class OrderSequencer
{
    /// <summary>
    /// The journal's unique key refused a client order id of <paramref name="failed"/> (all rolled back): one older
    /// than the window, so not in memory. Restores the state from PostgreSQL (it must not run ahead of what is durable),
    /// marks the ids of the batches PostgreSQL holds as used and decides the batches' commands again: those orders are
    /// answered <see cref="SequencerAnswer.AlreadyUsed"/> (the handler answers from the stored row), the others anew.
    /// False (the caller fails the batches, 503) when no id is stored — not this case — or PostgreSQL cannot be read.
    /// </summary>
    private async Task<bool> TryDecideAgainAsync(List<DecidedBatch> failed, Queue<(DecidedBatch Batch, Task Write)> inFlight)
    {
        try
        {
            var ids = failed.SelectMany(b => b.Entry.NewOrders).Select(o => o.ClientOrderId).ToArray();
            var stored = await journal.StoredClientOrderIdsAsync(ids, CancellationToken.None);
            if (stored.Count == 0)
            {
                return false;
            }

            var now = timeProvider.GetUtcNow();
            var state = (await RestoreAsync(now, CancellationToken.None)).State;
            state.MarkUsed(stored, now);
            LogOlderClientOrderIdsReused(options.Value.ClientOrderIdWindow, string.Join(", ", stored.Order(StringComparer.Ordinal)));
            foreach (var commands in failed.SelectMany(b => b.Commands).Chunk(MaxBatchSize))
            {
                Write(state.Decide(commands, options.Value.MaxPositionPerSymbol, StoredTime.Of(now)), inFlight);
            }

            return true;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            LogRestoreFailed(ex.Message);
            return false;
        }
    }

    /// <summary>
    /// Replaces the state with the book PostgreSQL holds at <paramref name="now"/>: positions, resting orders and the
    /// client order ids created within <see cref="GatewayOptions.ClientOrderIdWindow"/> before it.
    /// </summary>
    private async Task<(BookSnapshot Snapshot, SequencerState State)> RestoreAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var window = options.Value.ClientOrderIdWindow;
        var snapshot = await journal.LoadAsync(now - window, cancellationToken);
        var state = SequencerState.Restore(snapshot, window);
        _state = state;
        return (snapshot, state);
    }

    private async Task<bool> TryRestoreAsync(CancellationToken cancellationToken)
    {
        try
        {
            // Started beside the migrations (Gateway:SchemaVersion): the book is read only from the complete schema.
            if (options.Value.SchemaVersion is { Length: > 0 } version && !await journal.IsMigratedToAsync(version, cancellationToken))
            {
                _schemaPending = true;
                _unavailable = $"the database schema is not ready: migration {version} is not applied yet (the migrations resource applies it)";
                if (!_schemaWaitLogged)
                {
                    _schemaWaitLogged = true;
                    LogWaitingForSchema(version);
                }

                return false;
            }

            _schemaPending = false;
            var (snapshot, _) = await RestoreAsync(timeProvider.GetUtcNow(), cancellationToken);
            _unavailable = null;
            LogRestored(snapshot.Positions.Count, snapshot.RestingOrders.Count, snapshot.ClientOrderIds.Count, options.Value.ClientOrderIdWindow,
                snapshot.LastSequence);
            return true;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            _schemaPending = false;
            _unavailable = $"the order book cannot be read from PostgreSQL ({ex.Message})";
            LogRestoreFailed(ex.Message);
            return false;
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information,
        Message = "Order book read from PostgreSQL: {Positions} positions, {Resting} resting orders, {ClientOrderIds} client order ids of the last {ClientOrderIdWindow}, last batch {Sequence}")]
    private partial void LogRestored(int positions, int resting, int clientOrderIds, TimeSpan clientOrderIdWindow, long sequence);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Could not read the order book from PostgreSQL ({Reason}); orders get 503 until it can be read, retrying every second")]
    private partial void LogRestoreFailed(string reason);

    [LoggerMessage(EventId = 25, Level = LogLevel.Information,
        Message = "Waiting for the database schema: migration {Script} is not applied yet; the order book is read once it is (orders get 503 meanwhile)")]
    private partial void LogWaitingForSchema(string script);

    [LoggerMessage(EventId = 26, Level = LogLevel.Information,
        Message = "Client order ids older than the window ({ClientOrderIdWindow}) used again: {ClientOrderIds}; answered from their stored orders, the other orders of the batch decided again")]
    private partial void LogOlderClientOrderIdsReused(TimeSpan clientOrderIdWindow, string clientOrderIds);
}
