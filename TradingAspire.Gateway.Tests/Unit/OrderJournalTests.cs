using Npgsql;
using TradingAspire.Gateway.Persistence;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The journal on a real PostgreSQL: a failing entry writes nothing and leaves no transaction open; an entry written
/// behind a predecessor commits only if the predecessor did; ids are ordered by time; statements are prepared.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class OrderJournalTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private static OrderRecord Resting(string clientOrderId, string symbol = "BTCUSDT", DateTimeOffset? at = null)
    {
        var time = StoredTime.Of(at ?? DateTimeOffset.UtcNow);
        return new OrderRecord(RecordIds.New(time), clientOrderId, symbol, "buy", "limit", 1m, 100m, OrderStatuses.Resting, 0, null, time, time);
    }

    private static JournalEntry Entry(params OrderRecord[] orders)
    {
        var entry = new JournalEntry(0, DateTimeOffset.UtcNow);
        entry.NewOrders.AddRange(orders);
        return entry;
    }

    [Fact]
    public async Task An_entry_that_fails_writes_nothing_leaves_no_transaction_open_and_the_next_entry_commits()
    {
        var journal = gateway.Services.GetRequiredService<OrderJournal>();
        var good = Resting(OrderRequests.NewClientOrderId());
        // A symbol the column's check refuses (validation never lets one through): the insert fails after BEGIN.
        var bad = Resting(OrderRequests.NewClientOrderId(), "bad symbol");

        var failure = await Assert.ThrowsAsync<PostgresException>(() => journal.WriteAsync(Entry(good, bad), null, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.CheckViolation, failure.SqlState);
        Assert.Equal(0L, await gateway.Storage.OrderCountAsync(good.ClientOrderId));
        Assert.Equal(0L, await gateway.Storage.ScalarAsync<long>("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'"));
        await journal.WriteAsync(Entry(good), null, CancellationToken.None);
        Assert.Equal(1L, await gateway.Storage.OrderCountAsync(good.ClientOrderId));
    }

    [Fact]
    public async Task An_entry_written_behind_a_predecessor_commits_only_after_it_and_is_rolled_back_when_it_fails()
    {
        var journal = gateway.Services.GetRequiredService<OrderJournal>();
        var predecessor = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var behind = Resting(OrderRequests.NewClientOrderId());

        var write = journal.WriteAsync(Entry(behind), predecessor.Task, CancellationToken.None);
        // Its rows are sent at once but not committed: another connection does not see them while the predecessor runs.
        await Poll.UntilAsync(async () => await gateway.Storage.ScalarAsync<long>(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND backend_xid IS NOT NULL") == 1,
            "the entry behind the predecessor never reached PostgreSQL", TimeSpan.FromSeconds(10));
        Assert.Equal(0L, await gateway.Storage.OrderCountAsync(behind.ClientOrderId));
        predecessor.SetException(new InvalidOperationException("the predecessor failed"));

        Assert.Equal("the predecessor failed", (await Assert.ThrowsAsync<InvalidOperationException>(() => write)).Message);
        Assert.Equal(0L, await gateway.Storage.OrderCountAsync(behind.ClientOrderId));

        var succeeding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var second = journal.WriteAsync(Entry(behind), succeeding.Task, CancellationToken.None);
        succeeding.SetResult();
        await second;
        Assert.Equal(1L, await gateway.Storage.OrderCountAsync(behind.ClientOrderId));
    }

    [Fact]
    public async Task Order_ids_are_version_7_and_PostgreSQL_sorts_them_by_the_time_the_order_was_received()
    {
        var journal = gateway.Services.GetRequiredService<OrderJournal>();
        var received = DateTimeOffset.UtcNow;
        var orders = Enumerable.Range(0, 5).Select(i => Resting(OrderRequests.NewClientOrderId(), "SOLUSDT", received.AddMilliseconds(5 * i))).ToList();
        // Written newest first: the ids' order follows the receipt time.
        foreach (var order in Enumerable.Reverse(orders))
        {
            Assert.Equal(7, order.Id.Version);
            await journal.WriteAsync(Entry(order), null, CancellationToken.None);
        }

        var ids = orders.Select(o => o.ClientOrderId).ToArray();
        // (object): a string[] would otherwise be spread over the params array.
        Assert.Equal(ids, await gateway.Storage.ScalarAsync<string[]>("SELECT array_agg(client_order_id ORDER BY id) FROM orders WHERE client_order_id = ANY($1)", (object)ids));
    }

    [Fact]
    public async Task The_gateways_connections_prepare_their_statements_plan_every_run_with_its_values_and_carry_its_application_name()
    {
        var dataSource = gateway.Services.GetRequiredService<NpgsqlDataSource>();
        await using var connection = await dataSource.OpenConnectionAsync();
        await using var show = new NpgsqlCommand("SELECT current_setting('plan_cache_mode'), current_setting('application_name')", connection);
        await using var reader = await show.ExecuteReaderAsync();
        await reader.ReadAsync();

        Assert.Equal(GatewayServiceCollectionExtensions.MaxAutoPreparedStatements, new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
        Assert.Equal(("force_custom_plan", GatewayServiceCollectionExtensions.ApplicationName), (reader.GetString(0), reader.GetString(1)));
    }
}
