using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// What the <see cref="OrderSequencer"/> owns, touched by its loop only (no lock): each symbol's position, the resting
/// limit orders by symbol (oldest first) and the client order ids used within a window (<see cref="ClientOrderIdWindow"/>).
/// <see cref="Decide"/> turns commands into a batch of journal rows and answers; <see cref="Committed"/> applies what
/// waits for the commit and forgets the committed ids older than the window. After a failed write the state is thrown
/// away and restored from PostgreSQL (<see cref="Restore"/>), never patched back.
/// </summary>
/// <remarks>
/// An id older than the window is not in memory: an order reusing it is decided as new, and the journal's unique key on
/// <c>orders.client_order_id</c> refuses its batch; the sequencer then restores the state, marks the ids PostgreSQL
/// holds (<see cref="MarkUsed"/>) and decides the batch again (docs/architecture.md, "Order path").
/// </remarks>
public sealed class SequencerState
{
    private readonly Dictionary<string, Position> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrderRecord>> _resting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used;

    // The committed ids in the order they committed, with their orders' created_at (UTC ticks): the oldest leave first.
    // Ids of batches not yet committed are only in _used, so they are never forgotten while pending.
    private readonly Queue<(long CreatedAtTicks, string ClientOrderId)> _committed;
    private long _sequence;

    private SequencerState(TimeSpan clientOrderIdWindow, int ids, long sequence)
    {
        ClientOrderIdWindow = clientOrderIdWindow;
        _used = new HashSet<string>(ids, StringComparer.Ordinal);
        _committed = new Queue<(long, string)>(ids);
        _sequence = sequence;
    }

    /// <summary>
    /// The state as PostgreSQL holds it (<paramref name="snapshot"/>, whose client order ids are those created within
    /// <paramref name="clientOrderIdWindow"/> before it was read, oldest first).
    /// </summary>
    /// <param name="snapshot">The committed book.</param>
    /// <param name="clientOrderIdWindow">How long a committed client order id stays in memory after its order's
    /// <c>created_at</c> (<see cref="GatewayOptions.ClientOrderIdWindow"/>); positive.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="clientOrderIdWindow"/> is zero or negative.</exception>
    public static SequencerState Restore(BookSnapshot snapshot, TimeSpan clientOrderIdWindow)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(clientOrderIdWindow, TimeSpan.Zero);
        var state = new SequencerState(clientOrderIdWindow, snapshot.ClientOrderIds.Count, snapshot.LastSequence);
        foreach (var (clientOrderId, createdAt) in snapshot.ClientOrderIds)
        {
            state.Remember(clientOrderId, createdAt);
        }

        foreach (var position in snapshot.Positions)
        {
            state._positions[position.Symbol] = new Position(position.Symbol, position.Quantity, position.AveragePrice, position.RealizedPnl);
        }

        foreach (var order in snapshot.RestingOrders)
        {
            state.AddResting(order);
        }

        return state;
    }

    /// <summary>The number of the last batch decided.</summary>
    public long Sequence => _sequence;

    /// <summary>How long a committed client order id stays in memory after its order's <c>created_at</c>.</summary>
    public TimeSpan ClientOrderIdWindow { get; }

    /// <summary>
    /// Number of client order ids in memory: those committed within <see cref="ClientOrderIdWindow"/> (until the next
    /// commit forgets the older ones) and those in batches not yet committed.
    /// </summary>
    public int UsedClientOrderIds => _used.Count;

    /// <summary>Every position, by symbol.</summary>
    public IReadOnlyDictionary<string, Position> Positions => _positions;

    /// <summary>Every resting order in the book, oldest first per symbol.</summary>
    public IEnumerable<OrderRecord> RestingOrders => _resting.Values.SelectMany(orders => orders);

    /// <summary>True when <paramref name="clientOrderId"/> is in memory (used within the window, or pending).</summary>
    public bool IsUsed(string clientOrderId) => _used.Contains(clientOrderId);

    /// <summary>
    /// Marks ids PostgreSQL holds though they are older than the window (found after the journal's unique key refused
    /// a batch), as committed at <paramref name="now"/>: an order reusing one is answered
    /// <see cref="SequencerAnswer.AlreadyUsed"/> for another window.
    /// </summary>
    public void MarkUsed(IEnumerable<string> storedClientOrderIds, DateTimeOffset now)
    {
        foreach (var clientOrderId in storedClientOrderIds)
        {
            Remember(clientOrderId, now);
        }
    }

    /// <summary>
    /// Decides <paramref name="commands"/> in order at time <paramref name="now"/>: a new order whose id is used is
    /// answered <see cref="SequencerAnswer.AlreadyUsed"/>; a fill that would take the position beyond
    /// ±<paramref name="maxPosition"/> (and further from zero) is refused and its id stays free; any other order is
    /// stored, filled (moving its symbol's position) or resting. A price move fills the resting orders it crosses,
    /// oldest first, each checked against the position as the batch has moved it.
    /// </summary>
    public DecidedBatch Decide(IReadOnlyList<SequencerCommand> commands, decimal maxPosition, DateTimeOffset now)
    {
        var batch = new DecidedBatch(new JournalEntry(++_sequence, now), commands);
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var command in commands)
        {
            switch (command)
            {
                case SequencedOrder order:
                    batch.Answers.Add((order, DecideOrder(order, maxPosition, batch.Entry, batch.NewRestingOrders, moved)));
                    break;
                case PriceMove move:
                    FillCrossed(move, maxPosition, now, batch, moved);
                    break;
            }
        }

        foreach (var symbol in moved)
        {
            var position = _positions[symbol];
            batch.Entry.Positions.Add(new PositionRecord(symbol, position.Quantity, position.AveragePrice, position.RealizedPnl, now));
        }

        return batch;
    }

    /// <summary>
    /// The batch is durable: its new resting orders join the book, its client order ids count as committed, and the
    /// committed ids whose orders were created more than <see cref="ClientOrderIdWindow"/> before
    /// <paramref name="now"/> (the sequencer's clock) are forgotten, oldest first.
    /// </summary>
    public void Committed(DecidedBatch batch, DateTimeOffset now)
    {
        foreach (var order in batch.NewRestingOrders)
        {
            AddResting(order);
        }

        foreach (var order in batch.Entry.NewOrders)
        {
            _committed.Enqueue((order.CreatedAt.UtcTicks, order.ClientOrderId));
        }

        // Committed ids are in commit order, nearly that of created_at: one created a little earlier than the one before
        // it leaves with it, a little later than its window, never sooner (after the clock was set back, ids wait behind
        // a later-dated one until it leaves: memory for a while, never an id forgotten early).
        var cutoff = (now - ClientOrderIdWindow).UtcTicks;
        while (_committed.TryPeek(out var oldest) && oldest.CreatedAtTicks < cutoff)
        {
            _committed.Dequeue();
            _used.Remove(oldest.ClientOrderId);
        }
    }

    private SequencerAnswer DecideOrder(SequencedOrder sequenced, decimal maxPosition, JournalEntry entry, List<OrderRecord> newResting, HashSet<string> moved)
    {
        var order = sequenced.Request;
        if (!_used.Add(order.ClientOrderId))
        {
            return SequencerAnswer.AlreadyUsed.Instance;
        }

        var at = sequenced.ReceivedAt;
        if (sequenced.FillPrice is not { } price)
        {
            var resting = new OrderRecord(RecordIds.New(at), order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity, order.LimitPrice,
                OrderStatuses.Resting, 0, null, at, at);
            entry.NewOrders.Add(resting);
            newResting.Add(resting);
            return new SequencerAnswer.Accepted(new OrderResult(resting, null));
        }

        var position = PositionOf(order.Symbol);
        if (RiskRules.CheckPosition(position.Quantity, order, maxPosition) is { } refusal)
        {
            _used.Remove(order.ClientOrderId); // refused orders are not stored: the id stays free
            return new SequencerAnswer.Refused(refusal);
        }

        _positions[order.Symbol] = position.Apply(order.Sign, order.Quantity, price);
        moved.Add(order.Symbol);
        var record = new OrderRecord(RecordIds.New(at), order.ClientOrderId, order.Symbol, order.Side, order.Type, order.Quantity, order.LimitPrice,
            OrderStatuses.Filled, order.Quantity, price, at, at);
        var execution = new ExecutionRecord(RecordIds.New(at), record.Id, order.ClientOrderId, order.Symbol, order.Side, order.Quantity, price, at);
        entry.NewOrders.Add(record);
        entry.Executions.Add(execution);
        return new SequencerAnswer.Accepted(new OrderResult(record, execution));
    }

    private void FillCrossed(PriceMove move, decimal maxPosition, DateTimeOffset now, DecidedBatch batch, HashSet<string> moved)
    {
        if (!_resting.TryGetValue(move.Symbol, out var book))
        {
            return;
        }

        for (var i = 0; i < book.Count; i++)
        {
            var resting = book[i];
            if (!FillEngine.IsMarketable(resting.Side, resting.LimitPrice!.Value, move.Price))
            {
                continue;
            }

            book.RemoveAt(i--);
            var request = new OrderRequest(resting.ClientOrderId, resting.Symbol, resting.Side, resting.Type, resting.Quantity, resting.LimitPrice);
            var position = PositionOf(resting.Symbol);
            if (RiskRules.CheckPosition(position.Quantity, request, maxPosition) is not null)
            {
                batch.DroppedRestingOrders.Add(resting);
                continue;
            }

            _positions[resting.Symbol] = position.Apply(request.Sign, resting.Quantity, move.Price);
            moved.Add(resting.Symbol);
            var filled = resting with { Status = OrderStatuses.Filled, FilledQuantity = resting.Quantity, AveragePrice = move.Price, UpdatedAt = now };
            var execution = new ExecutionRecord(RecordIds.New(now), filled.Id, filled.ClientOrderId, filled.Symbol, filled.Side, filled.Quantity, move.Price, now);
            batch.Entry.FilledRestingOrders.Add(filled);
            batch.Entry.Executions.Add(execution);
            batch.RestingFills.Add(new OrderResult(filled, execution));
        }
    }

    private void Remember(string clientOrderId, DateTimeOffset createdAt)
    {
        if (_used.Add(clientOrderId))
        {
            _committed.Enqueue((createdAt.UtcTicks, clientOrderId));
        }
    }

    private Position PositionOf(string symbol) => _positions.TryGetValue(symbol, out var position) ? position : new Position(symbol, 0, 0, 0);

    private void AddResting(OrderRecord order)
    {
        if (!_resting.TryGetValue(order.Symbol, out var book))
        {
            _resting[order.Symbol] = book = [];
        }

        book.Add(order);
    }
}
