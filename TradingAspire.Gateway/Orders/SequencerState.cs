using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// What the <see cref="OrderSequencer"/> owns, touched by its loop only (no lock): each symbol's position, the resting
/// limit orders by symbol (oldest first) and every client order id used. <see cref="Decide"/> turns commands into a
/// batch of journal rows and answers; <see cref="Committed"/> applies what waits for the commit. After a failed write
/// the state is thrown away and restored from PostgreSQL (<see cref="Restore"/>), never patched back.
/// </summary>
public sealed class SequencerState
{
    private readonly Dictionary<string, Position> _positions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<OrderRecord>> _resting = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used;
    private long _sequence;

    private SequencerState(HashSet<string> used, long sequence)
    {
        _used = used;
        _sequence = sequence;
    }

    /// <summary>The state as PostgreSQL holds it.</summary>
    public static SequencerState Restore(BookSnapshot snapshot)
    {
        var state = new SequencerState(new HashSet<string>(snapshot.ClientOrderIds, StringComparer.Ordinal), snapshot.LastSequence);
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

    /// <summary>Number of client order ids used (stored or in a batch not yet committed).</summary>
    public int UsedClientOrderIds => _used.Count;

    /// <summary>Every position, by symbol.</summary>
    public IReadOnlyDictionary<string, Position> Positions => _positions;

    /// <summary>Every resting order in the book, oldest first per symbol.</summary>
    public IEnumerable<OrderRecord> RestingOrders => _resting.Values.SelectMany(orders => orders);

    /// <summary>True when <paramref name="clientOrderId"/> was used.</summary>
    public bool IsUsed(string clientOrderId) => _used.Contains(clientOrderId);

    /// <summary>
    /// Decides <paramref name="commands"/> in order at time <paramref name="now"/>: a new order whose id is used is
    /// answered <see cref="SequencerAnswer.AlreadyUsed"/>; a fill that would take the position beyond
    /// ±<paramref name="maxPosition"/> (and further from zero) is refused and its id stays free; any other order is
    /// stored, filled (moving its symbol's position) or resting. A price move fills the resting orders it crosses,
    /// oldest first, each checked against the position as the batch has moved it.
    /// </summary>
    public DecidedBatch Decide(IReadOnlyList<SequencerCommand> commands, decimal maxPosition, DateTimeOffset now)
    {
        var batch = new DecidedBatch(new JournalEntry(++_sequence, now));
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

    /// <summary>The batch is durable: its new resting orders join the book.</summary>
    public void Committed(DecidedBatch batch)
    {
        foreach (var order in batch.NewRestingOrders)
        {
            AddResting(order);
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
