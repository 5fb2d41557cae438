using Microsoft.AspNetCore.TestHost;
using Npgsql;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// Client order ids older than the sequencer's window (<c>Gateway:ClientOrderIdWindow</c>, one minute here, passed by
/// moving the gateway's clock forward) against a real PostgreSQL: the id is no longer in memory, PostgreSQL's unique key
/// refuses its batch, and the order is still answered exactly as the first time (200 with the first answer, or 409
/// naming the fields), the other orders of its batch are filled, nothing is written twice; after a restart only the
/// ids inside the window are read back.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class ClientOrderIdWindowTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    // One clock for the class's tests (they run one after another on one database): it only moves forward, so no order
    // of an earlier test is dated after a later one's (the sequencer forgets ids oldest first, in commit order).
    private static readonly ShiftedClock Clock = new();

    [Fact]
    public async Task An_id_older_than_the_window_is_answered_as_first_and_the_new_order_of_its_batch_is_filled()
    {
        var clock = Clock;
        await using var gateway = Start(clock);
        using var client = GatewayFixture.CreateClient(gateway);
        var sequencer = gateway.Services.GetRequiredService<OrderSequencer>();
        var (same, changed) = (OrderRequests.NewClientOrderId(), OrderRequests.NewClientOrderId());
        var (firstStatus, first) = await client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, same));
        Assert.Equal(HttpStatusCode.Created, firstStatus);
        var (changedStatus, changedFirst) = await client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, changed));
        Assert.Equal(HttpStatusCode.Created, changedStatus);

        clock.Advance(2 * Window);
        // Two orders hold the sequencer: their batches wait on a lock of position_snapshots, so the loop has two batches
        // in flight and takes nothing more; the retries and a new order then queue and are decided as one batch.
        var (blocking, held) = (OrderRequests.NewClientOrderId(), OrderRequests.NewClientOrderId());
        var fresh = OrderRequests.NewClientOrderId();
        string countsBefore;
        Task<(HttpStatusCode Status, JsonElement Body)>[] answers;
        await using (var locker = new NpgsqlConnection(storage.DatabaseConnectionString))
        {
            await locker.OpenAsync();
            await using var transaction = await locker.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE position_snapshots IN EXCLUSIVE MODE", locker, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            countsBefore = await CountsAsync();
            var blocked = new List<Task<(HttpStatusCode Status, JsonElement Body)>>();
            foreach (var id in new[] { blocking, held })
            {
                blocked.Add(client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, id)));
                var waiting = blocked.Count;
                await Poll.UntilAsync(async () => await WaitingOnLocksAsync() == waiting,
                    () => $"{waiting} journal write(s) should wait on the lock", TimeSpan.FromSeconds(10));
            }

            // The two earlier ids leave memory when the first blocked batch commits (ids are forgotten at a commit, by
            // the sequencer's clock, now two windows later); the batch of the three orders below is decided after that.
            answers =
            [
                .. blocked,
                client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, same)),
                client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "sell", 2m, changed)),
                client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, fresh)),
            ];
            // Queued together, they are taken into one batch (the loop takes everything queued) once the lock is gone.
            await Poll.UntilAsync(() => Task.FromResult(sequencer.QueuedOrders == 3),
                () => $"the sequencer should hold the 3 orders queued, has {sequencer.QueuedOrders}", TimeSpan.FromSeconds(10));
            await transaction.RollbackAsync();
        }

        var results = await Task.WhenAll(answers);

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created], results[..2].Select(r => r.Status));
        // (a) The same body: the first answer (200), character for character.
        var (againStatus, again) = results[2];
        Assert.Equal(HttpStatusCode.OK, againStatus);
        AssertSameAnswer(first, again);
        // (b) A different body: 409 naming the fields that differ.
        var (conflictStatus, conflict) = results[3];
        Assert.Equal(HttpStatusCode.Conflict, conflictStatus);
        Assert.Equal(
            $"client_order_id '{changed}' was already used for a different order ({changedFirst.GetProperty("order").GetProperty("id").GetGuid()}); " +
            "differs: side (was buy, now sell), quantity (was 1, now 2). Send the same order to get its result again, or use a new client_order_id for a new order.",
            conflict.GetProperty("message").GetString());
        // (c) The new order decided in the same batch is filled.
        var (freshStatus, freshBody) = results[4];
        Assert.Equal(HttpStatusCode.Created, freshStatus);
        Assert.Equal("filled", freshBody.GetProperty("order").GetProperty("status").GetString());
        Assert.Equal(
            $"Client order ids older than the window (00:01:00) used again: {string.Join(", ", new[] { same, changed }.Order(StringComparer.Ordinal))}; " +
            "answered from their stored orders, the other orders of the batch decided again",
            Assert.Single(gateway.Services.GetRequiredService<FakeLogCollector>().GetSnapshot(), r => r.Category == typeof(OrderSequencer).FullName && r.Id.Id == 26).Message);

        // (d) Stored: the three new orders only, each once, and the position moved by them only.
        Assert.Equal(Counts(countsBefore, orders: 3, executions: 3, solusdt: 3m), await CountsAsync());
        foreach (var id in new[] { same, changed, blocking, held, fresh })
        {
            Assert.Equal(1L, await storage.OrderCountAsync(id));
        }

        // The state was restored from PostgreSQL before the batch was decided again: positions agree with it.
        Assert.True(sequencer.State!.IsUsed(fresh));
        Assert.Equal(await storage.ScalarAsync<string>("SELECT string_agg(symbol || ' ' || quantity, '; ' ORDER BY symbol) FROM positions"),
            string.Join("; ", sequencer.State.Positions.Values.OrderBy(p => p.Symbol, StringComparer.Ordinal).Select(p => FormattableString.Invariant($"{p.Symbol} {p.Quantity:0.0000000000}"))));
    }

    [Fact]
    public async Task After_a_restart_only_the_ids_inside_the_window_are_in_memory_and_an_older_id_is_still_answered_exactly()
    {
        var clock = Clock;
        clock.Advance(TimeSpan.FromHours(1)); // the orders of this class's other tests are then far outside the window
        var (old, recent) = (OrderRequests.NewClientOrderId(), OrderRequests.NewClientOrderId());
        JsonElement first;
        await using (var gateway = Start(clock))
        {
            using var client = GatewayFixture.CreateClient(gateway);
            HttpStatusCode status;
            (status, first) = await client.PostOrderForAnswerAsync(OrderRequests.Market("ETHUSDT", "sell", 0.5m, old));
            Assert.Equal(HttpStatusCode.Created, status);
            clock.Advance(2 * Window);
            (status, _) = await client.PostOrderForAnswerAsync(OrderRequests.Market("ETHUSDT", "buy", 0.5m, recent));
            Assert.Equal(HttpStatusCode.Created, status);
        }

        var beforeStart = clock.GetUtcNow();
        await using var restarted = Start(clock);
        using var restartedClient = GatewayFixture.CreateClient(restarted);
        var sequencer = restarted.Services.GetRequiredService<OrderSequencer>();
        await Poll.UntilAsync(() => Task.FromResult(sequencer.State is not null), () => $"the order book was not read: {sequencer.UnavailableReason}", TimeSpan.FromSeconds(30));
        var afterStart = clock.GetUtcNow();

        // (e) The restored state holds exactly the ids PostgreSQL has inside the window (no order was made near its edge).
        var inside = await storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE created_at >= $1", beforeStart - Window);
        Assert.Equal(inside, await storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE created_at >= $1", afterStart - Window));
        Assert.Equal(inside, sequencer.State!.UsedClientOrderIds);
        Assert.True(inside < await storage.ScalarAsync<long>("SELECT count(*) FROM orders"));
        Assert.Equal((false, true), (sequencer.State.IsUsed(old), sequencer.State.IsUsed(recent)));

        var positionsBefore = await CountsAsync();
        var (againStatus, again) = await restartedClient.PostOrderForAnswerAsync(OrderRequests.Market("ETHUSDT", "sell", 0.50m, old));
        Assert.Equal(HttpStatusCode.OK, againStatus);
        AssertSameAnswer(first, again);
        var (conflictStatus, conflict) = await restartedClient.PostOrderForAnswerAsync(OrderRequests.Market("ETHUSDT", "buy", 0.5m, old));
        Assert.Equal(HttpStatusCode.Conflict, conflictStatus);
        Assert.Equal(["side"], conflict.GetProperty("errors").EnumerateArray().Select(e => e.GetProperty("field").GetString()));
        Assert.Equal(positionsBefore, await CountsAsync());
        Assert.Equal(1L, await storage.OrderCountAsync(old));
    }

    private WebApplicationFactory<Program> Start(ShiftedClock clock) => GatewayFixture.Create(storage, web =>
    {
        web.UseSetting("Gateway:ClientOrderIdWindow", Window.ToString());
        web.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(clock));
    });

    /// <summary>
    /// The replay carries the first answer's order and execution, as OrdersApiIdempotencyTests compares them: the same
    /// ids and status, the times character for character, numbers by value (the stored ones carry the column's scale).
    /// </summary>
    private static void AssertSameAnswer(JsonElement first, JsonElement again)
    {
        var (order, replayedOrder) = (first.GetProperty("order"), again.GetProperty("order"));
        Assert.Equal(order.GetProperty("id").GetGuid(), replayedOrder.GetProperty("id").GetGuid());
        foreach (var field in new[] { "created_at", "updated_at", "status", "client_order_id" })
        {
            Assert.Equal(order.GetProperty(field).GetString(), replayedOrder.GetProperty(field).GetString());
        }

        var (execution, replayedExecution) = (first.GetProperty("execution"), again.GetProperty("execution"));
        Assert.Equal(execution.GetProperty("id").GetGuid(), replayedExecution.GetProperty("id").GetGuid());
        Assert.Equal(execution.GetProperty("executed_at").GetString(), replayedExecution.GetProperty("executed_at").GetString());
        Assert.Equal((execution.GetProperty("quantity").GetDecimal(), execution.GetProperty("price").GetDecimal()),
            (replayedExecution.GetProperty("quantity").GetDecimal(), replayedExecution.GetProperty("price").GetDecimal()));
    }

    private Task<long> WaitingOnLocksAsync() => storage.ScalarAsync<long>(
        "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");

    /// <summary>Rows of orders and executions and the SOLUSDT position, as one comparable line.</summary>
    private Task<string> CountsAsync() => storage.ScalarAsync<string>(
        "SELECT 'orders ' || (SELECT count(*) FROM orders) || ', executions ' || (SELECT count(*) FROM executions) || ', SOLUSDT ' || " +
        "coalesce((SELECT quantity FROM positions WHERE symbol = 'SOLUSDT'), 0)::numeric(28, 10)");

    private static string Counts(string before, long orders, long executions, decimal solusdt)
    {
        var parts = before.Split(", ").Select(p => p.Split(' ')[1]).ToArray();
        return FormattableString.Invariant(
            $"orders {long.Parse(parts[0]) + orders}, executions {long.Parse(parts[1]) + executions}, SOLUSDT {decimal.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture) + solusdt:0.0000000000}");
    }
}
