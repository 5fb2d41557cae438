using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>The sequencer's decisions, in memory: arrival order, position limit, used client order ids, resting orders and restore.</summary>
public sealed class SequencerStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static readonly TimeSpan Window = TimeSpan.FromMinutes(15);

    private static SequencerState Empty(long sequence = 0, params string[] usedIds)
        => SequencerState.Restore(new BookSnapshot([], [], usedIds.Select(id => (id, Now)).ToList(), sequence), Window);

    private static SequencedOrder Market(string id, string side, decimal quantity, decimal price = 100m, string symbol = "BTCUSDT", DateTimeOffset? at = null)
        => new(new OrderRequest(id, symbol, side, OrderSides.Market, quantity, null), price, at ?? Now);

    private static SequencedOrder RestingLimit(string id, string side, decimal quantity, decimal limit, string symbol = "BTCUSDT")
        => new(new OrderRequest(id, symbol, side, OrderSides.Limit, quantity, limit), null, Now);

    [Fact]
    public void Orders_of_one_batch_are_decided_in_arrival_order_against_the_position_the_batch_has_moved()
    {
        var state = Empty();
        var orders = Enumerable.Range(0, 30).Select(i => Market($"b-{i}", OrderSides.Buy, 5m)).ToList<SequencerCommand>();

        var batch = state.Decide(orders, maxPosition: 100m, Now);

        Assert.Equal(20, batch.Answers.Count(a => a.Answer is SequencerAnswer.Accepted));
        Assert.All(batch.Answers.Skip(20), a => Assert.Equal("the BTCUSDT position would become 105, beyond the limit of ±100",
            Assert.IsType<SequencerAnswer.Refused>(a.Answer).Reason.Reason));
        Assert.Equal(20, batch.Entry.NewOrders.Count);
        Assert.Equal(20, batch.Entry.Executions.Count);
        var snapshot = Assert.Single(batch.Entry.Positions);
        Assert.Equal((100m, 100m, Now, 1L), (snapshot.Quantity, snapshot.AveragePrice, snapshot.UpdatedAt, batch.Entry.Sequence));
        Assert.False(state.IsUsed("b-25")); // refused: nothing stored, the id stays free
        Assert.True(state.IsUsed("b-19"));
    }

    [Fact]
    public void A_used_client_order_id_is_answered_already_used_and_writes_nothing_even_within_one_batch()
    {
        var state = Empty(0, "stored-1");

        var batch = state.Decide([Market("stored-1", OrderSides.Buy, 1m), Market("new-1", OrderSides.Buy, 1m), Market("new-1", OrderSides.Sell, 2m)], 100m, Now);

        Assert.Same(SequencerAnswer.AlreadyUsed.Instance, batch.Answers[0].Answer);
        Assert.IsType<SequencerAnswer.Accepted>(batch.Answers[1].Answer);
        Assert.Same(SequencerAnswer.AlreadyUsed.Instance, batch.Answers[2].Answer);
        Assert.Equal(["new-1"], batch.Entry.NewOrders.Select(o => o.ClientOrderId));
        Assert.Equal(1m, state.Positions["BTCUSDT"].Quantity);
    }

    [Fact]
    public void A_resting_order_joins_the_book_when_its_batch_has_committed_and_then_fills_on_a_crossing_price()
    {
        var state = Empty();
        var placed = state.Decide([RestingLimit("rest-1", OrderSides.Buy, 2m, limit: 90m)], 100m, Now);
        var resting = Assert.IsType<SequencerAnswer.Accepted>(Assert.Single(placed.Answers).Answer).Result.Order;
        Assert.Equal((OrderStatuses.Resting, 0m, (decimal?)null), (resting.Status, resting.FilledQuantity, resting.AveragePrice));
        Assert.Empty(placed.Entry.Positions);

        // Not committed yet: a crossing price does not fill it (its row may not be durable).
        Assert.True(state.Decide([new PriceMove("BTCUSDT", 89m)], 100m, Now).Entry.IsEmpty);

        state.Committed(placed, Now);
        Assert.True(state.Decide([new PriceMove("BTCUSDT", 91m)], 100m, Now).Entry.IsEmpty); // not crossed
        var later = Now.AddSeconds(3);
        var fill = state.Decide([new PriceMove("ETHUSDT", 1m), new PriceMove("BTCUSDT", 89.5m)], 100m, later);

        var filled = Assert.Single(fill.Entry.FilledRestingOrders);
        Assert.Equal((resting.Id, OrderStatuses.Filled, 2m, (decimal?)89.5m, later), (filled.Id, filled.Status, filled.FilledQuantity, filled.AveragePrice, filled.UpdatedAt));
        var execution = Assert.Single(fill.Entry.Executions);
        Assert.Equal((resting.Id, 2m, 89.5m), (execution.OrderId, execution.Quantity, execution.Price));
        Assert.Equal(2m, Assert.Single(fill.Entry.Positions).Quantity);
        Assert.Empty(state.RestingOrders);
    }

    [Fact]
    public void A_crossed_resting_order_beyond_the_position_limit_is_dropped_from_the_book_without_a_write()
    {
        var state = Empty();
        var placed = state.Decide([RestingLimit("rest-big", OrderSides.Buy, 60m, limit: 90m), Market("m-1", OrderSides.Buy, 50m)], 100m, Now);
        state.Committed(placed, Now);

        var tick = state.Decide([new PriceMove("BTCUSDT", 80m)], 100m, Now);

        Assert.Equal("rest-big", Assert.Single(tick.DroppedRestingOrders).ClientOrderId);
        Assert.True(tick.Entry.IsEmpty);
        Assert.Empty(state.RestingOrders);
    }

    [Fact]
    public void Restored_state_has_postgres_positions_resting_orders_and_ids_and_continues_the_sequence()
    {
        var resting = new OrderRecord(Guid.CreateVersion7(), "old-rest", "ETHUSDT", "sell", "limit", 1m, 4000m, OrderStatuses.Resting, 0, null, Now, Now);
        var state = SequencerState.Restore(new BookSnapshot(
            [new PositionRecord("ETHUSDT", -3m, 3500m, 12m, Now)], [resting], [("old-rest", Now), ("old-fill", Now)], LastSequence: 41), Window);

        var batch = state.Decide([Market("old-fill", OrderSides.Buy, 1m, symbol: "ETHUSDT"), Market("next", OrderSides.Buy, 1m, 3400m, "ETHUSDT"),
            new PriceMove("ETHUSDT", 4001m)], 100m, Now);

        Assert.Equal(42L, batch.Entry.Sequence);
        Assert.Same(SequencerAnswer.AlreadyUsed.Instance, batch.Answers[0].Answer);
        // -3 at 3500 bought back 1 at 3400 realises 100; the resting sell of 1 then fills at 4001: -3 at (2 × 3500 + 4001) / 3.
        var position = Assert.Single(batch.Entry.Positions);
        Assert.Equal((-3m, 3667m, 112m), (position.Quantity, position.AveragePrice, position.RealizedPnl));
        Assert.Equal(resting.Id, Assert.Single(batch.Entry.FilledRestingOrders).Id);
    }

    [Fact]
    public void A_committed_id_is_forgotten_once_its_order_is_older_than_the_window_by_the_sequencer_clock()
    {
        var clock = new FakeTimeProvider(Now);
        var state = Empty();
        var placed = state.Decide([Market("early", OrderSides.Buy, 1m)], 100m, clock.GetUtcNow());
        state.Committed(placed, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(10));
        var later = state.Decide([Market("later", OrderSides.Buy, 1m, at: clock.GetUtcNow())], 100m, clock.GetUtcNow());
        state.Committed(later, clock.GetUtcNow());

        clock.Advance(Window - TimeSpan.FromMinutes(10)); // "early" is exactly one window old: kept
        state.Committed(state.Decide([], 100m, clock.GetUtcNow()), clock.GetUtcNow());
        Assert.Equal((true, true, 2), (state.IsUsed("early"), state.IsUsed("later"), state.UsedClientOrderIds));

        clock.Advance(TimeSpan.FromTicks(1));
        state.Committed(state.Decide([], 100m, clock.GetUtcNow()), clock.GetUtcNow());
        Assert.Equal((false, true, 1), (state.IsUsed("early"), state.IsUsed("later"), state.UsedClientOrderIds));

        // Forgotten: decided as new (PostgreSQL's unique key is then the guard).
        Assert.IsType<SequencerAnswer.Accepted>(Assert.Single(state.Decide([Market("early", OrderSides.Buy, 1m)], 100m, clock.GetUtcNow()).Answers).Answer);
    }

    [Fact]
    public void An_id_of_a_batch_not_yet_committed_is_kept_however_old_and_forgotten_a_window_after_its_commit()
    {
        var clock = new FakeTimeProvider(Now);
        var state = Empty();
        var pending = state.Decide([Market("pending", OrderSides.Buy, 1m)], 100m, clock.GetUtcNow());

        clock.Advance(Window * 2);
        state.Committed(state.Decide([], 100m, clock.GetUtcNow()), clock.GetUtcNow()); // a later, empty batch commits first
        Assert.True(state.IsUsed("pending"));
        Assert.Same(SequencerAnswer.AlreadyUsed.Instance, Assert.Single(state.Decide([Market("pending", OrderSides.Sell, 2m)], 100m, clock.GetUtcNow()).Answers).Answer);

        // Its batch commits: the id counts as committed, and is already older than the window at the next commit.
        state.Committed(pending, clock.GetUtcNow());
        Assert.False(state.IsUsed("pending"));
        Assert.Equal(0, state.UsedClientOrderIds);
    }

    [Fact]
    public void Restored_ids_leave_oldest_first_and_ids_marked_used_stay_a_window_from_when_they_were_marked()
    {
        var clock = new FakeTimeProvider(Now);
        var state = SequencerState.Restore(new BookSnapshot([], [],
            [("r-1", Now - TimeSpan.FromMinutes(14)), ("r-2", Now - TimeSpan.FromMinutes(5)), ("r-3", Now)], LastSequence: 7), Window);
        state.MarkUsed(["ancient", "r-2"], clock.GetUtcNow());
        Assert.Equal(4, state.UsedClientOrderIds);

        clock.Advance(TimeSpan.FromMinutes(2));
        state.Committed(state.Decide([], 100m, clock.GetUtcNow()), clock.GetUtcNow());
        Assert.Equal(["r-2", "r-3", "ancient"], new[] { "r-1", "r-2", "r-3", "ancient" }.Where(state.IsUsed));

        clock.Advance(TimeSpan.FromMinutes(14));
        state.Committed(state.Decide([], 100m, clock.GetUtcNow()), clock.GetUtcNow());
        Assert.Equal(0, state.UsedClientOrderIds);
    }

    [Fact]
    public void A_window_that_is_not_positive_is_refused()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SequencerState.Restore(new BookSnapshot([], [], [], 0), TimeSpan.Zero));

        Assert.Equal("clientOrderIdWindow", error.ParamName);
    }
}
