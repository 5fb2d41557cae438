namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The sequencer against a real PostgreSQL: a failed journal write answers 503 and restores the state to the last
/// commit; a gateway restarted mid-load rebuilds positions, resting orders and used client order ids exactly as
/// PostgreSQL holds them, and answers retries of orders acknowledged before the restart (200) and changed bodies (409).
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class SequencerRecoveryTests(StorageFixture storage) : IClassFixture<StorageFixture>
{
    [Fact]
    public async Task A_failed_write_is_answered_503_and_the_sequencer_state_is_restored_to_what_PostgreSQL_holds()
    {
        await using var gateway = GatewayFixture.Create(storage);
        using var client = GatewayFixture.CreateClient(gateway);
        var sequencer = gateway.Services.GetRequiredService<OrderSequencer>();
        // A trigger fails the insert of one order: its batch, and any batch decided on top of it, cannot commit.
        await storage.ExecuteAsync("""
            CREATE FUNCTION refuse_poisoned() RETURNS trigger LANGUAGE plpgsql AS
              $$ BEGIN IF NEW.client_order_id LIKE 'poisoned-%' THEN RAISE EXCEPTION 'poisoned order %', NEW.client_order_id; END IF; RETURN NEW; END $$;
            CREATE TRIGGER refuse_poisoned BEFORE INSERT ON orders FOR EACH ROW EXECUTE FUNCTION refuse_poisoned();
            """);
        try
        {
            using (var before = await client.PostOrderAsync(OrderRequests.Market("SOLUSDT", "buy", 2m)))
            {
                Assert.Equal(HttpStatusCode.Created, before.StatusCode);
            }

            var poisoned = $"poisoned-{Guid.NewGuid():N}";
            var ids = Enumerable.Range(0, 12).Select(i => i == 6 ? poisoned : OrderRequests.NewClientOrderId()).ToList();
            var answers = await Task.WhenAll(ids.Select(async id =>
            {
                using var response = await client.PostOrderAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, id));
                return (Id: id, response.StatusCode, Body: await response.Content.ReadAsStringAsync());
            }));

            var poisonedAnswer = answers.Single(a => a.Id == poisoned);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, poisonedAnswer.StatusCode);
            using (var body = JsonDocument.Parse(poisonedAnswer.Body))
            {
                Assert.Equal("storage_unavailable", body.RootElement.GetProperty("error").GetString());
                Assert.Contains($"poisoned order {poisoned}", body.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
            }

            // 201 only for what committed; a 503 stored nothing.
            foreach (var (id, status, text) in answers)
            {
                Assert.True(status is HttpStatusCode.Created or HttpStatusCode.ServiceUnavailable, $"{id}: {(int)status} {text}");
                Assert.Equal(status == HttpStatusCode.Created ? 1L : 0L, await storage.ScalarAsync<long>("SELECT count(*) FROM orders WHERE client_order_id = $1", id));
            }

            await Poll.UntilAsync(() => Task.FromResult(sequencer.UnavailableReason is null),
                () => $"the sequencer did not take orders again: {sequencer.UnavailableReason}", TimeSpan.FromSeconds(30));
            await AssertStateEqualsPostgreSqlAsync(sequencer.State!);
            Assert.False(sequencer.State!.IsUsed(poisoned));
        }
        finally
        {
            await storage.ExecuteAsync("DROP TRIGGER refuse_poisoned ON orders; DROP FUNCTION refuse_poisoned();");
        }

        // The retry of a refused order is decided anew: stored once.
        var retried = $"poisoned-{Guid.NewGuid():N}";
        using var again = await client.PostOrderAsync(OrderRequests.Market("SOLUSDT", "buy", 1m, retried));
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        await AssertStateEqualsPostgreSqlAsync(sequencer.State!);
    }

    [Fact]
    public async Task A_gateway_restarted_mid_load_rebuilds_its_state_as_PostgreSQL_holds_it_and_answers_earlier_orders_exactly()
    {
        WebApplicationFactory<Program> gateway = GatewayFixture.Create(storage);
        var client = GatewayFixture.CreateClient(gateway);
        await using var load = new RetriedOrderLoad(() => client, "/api/orders", status => status == HttpStatusCode.ServiceUnavailable, $"restart-{Guid.NewGuid():N}", clients: 8);
        load.Start();
        await load.WaitForMoreAsync(150, TimeSpan.FromSeconds(60));

        // Restart under load: the first gateway stops (orders in flight fail and are retried), a second one starts.
        load.Phase = 1;
        await gateway.DisposeAsync();
        gateway = GatewayFixture.Create(storage);
        client = GatewayFixture.CreateClient(gateway);
        await using var _ = gateway;
        await load.WaitForMoreAsync(150, TimeSpan.FromSeconds(60));
        await load.StopAsync();

        var state = gateway.Services.GetRequiredService<OrderSequencer>().State!;
        // Orders whose requests the load cancelled when it stopped are still decided and written: compare once the
        // sequencer has nothing in flight (memory is ahead of PostgreSQL by the batches being written, never more).
        await Poll.UntilAsync(async () => await StateEqualsPostgreSqlAsync(state), () => "the state never matched PostgreSQL", TimeSpan.FromSeconds(10)).ContinueWith(_ => { });
        await AssertStateEqualsPostgreSqlAsync(state);
        foreach (var (id, (_, orderId, _)) in load.Acknowledged)
        {
            Assert.True(state.IsUsed(id), id);
            Assert.Equal(orderId, await storage.ScalarAsync<Guid>("SELECT id FROM orders WHERE client_order_id = $1", id));
        }

        // Orders acknowledged by the first gateway: the same body is answered with the stored order, a changed one is 409.
        foreach (var (id, (body, orderId, _)) in load.Acknowledged.Where(a => a.Value.Phase == 0).Take(20))
        {
            using var same = await client.PostOrderAsync(body);
            Assert.Equal(HttpStatusCode.OK, same.StatusCode);
            using var answer = JsonDocument.Parse(await same.Content.ReadAsStringAsync());
            Assert.Equal(orderId, answer.RootElement.GetProperty("order").GetProperty("id").GetGuid());
            using var changed = await client.PostOrderAsync(body.Replace("\"quantity\":0.01", "\"quantity\":0.02", StringComparison.Ordinal));
            Assert.Equal(HttpStatusCode.Conflict, changed.StatusCode);
        }
    }

    [Fact]
    public async Task After_PostgreSQL_ends_the_pooled_sessions_the_first_order_read_and_health_check_run_on_a_new_connection()
    {
        // No background health run (each a second otherwise): each use below is the first of the pool after its sessions ended.
        await using var gateway = GatewayFixture.Create(storage, web => web.ConfigureServices(services =>
            services.Configure<HealthCheckPublisherOptions>(options => options.Delay = options.Period = TimeSpan.FromHours(1))));
        using var client = GatewayFixture.CreateClient(gateway);
        var status = HttpStatusCode.ServiceUnavailable;
        await Poll.UntilAsync(async () => (status = (await client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m))).Status) == HttpStatusCode.Created,
            () => $"no order was taken: the last answer was {(int)status}", TimeSpan.FromSeconds(30));

        // What restore and reset do (pg_terminate_backend), and what a restart of PostgreSQL leaves in the pool.
        await EndGatewaySessionsAsync();
        var (orderStatus, order) = await client.PostOrderForAnswerAsync(OrderRequests.Market("SOLUSDT", "buy", 1m));
        Assert.True(orderStatus == HttpStatusCode.Created, $"{(int)orderStatus} {order}");
        Assert.Equal(1L, await storage.OrderCountAsync(order.GetProperty("order").GetProperty("client_order_id").GetString()!));

        await EndGatewaySessionsAsync();
        using (var positions = await client.GetAsync("/api/positions"))
        {
            Assert.True(positions.StatusCode == HttpStatusCode.OK, $"{(int)positions.StatusCode} {await positions.Content.ReadAsStringAsync()}");
        }

        await EndGatewaySessionsAsync();
        var report = await gateway.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(check => check.Name == "PostgreSql");
        Assert.True(report.Status == HealthStatus.Healthy, string.Join("; ", report.Entries.Select(e => $"{e.Key}: {e.Value.Status} {e.Value.Exception?.Message}")));
    }

    private async Task EndGatewaySessionsAsync()
    {
        var sessions = $"FROM pg_stat_activity WHERE datname = current_database() AND application_name = '{GatewayServiceCollectionExtensions.ApplicationName}'";
        Assert.True(await storage.ScalarAsync<long>($"SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) {sessions}") > 0, "the gateway has no session to end");
        await Poll.UntilAsync(async () => await storage.ScalarAsync<long>($"SELECT count(*) {sessions}") == 0, "the gateway's sessions did not end", TimeSpan.FromSeconds(10));
    }

    private async Task<bool> StateEqualsPostgreSqlAsync(SequencerState state)
    {
        try
        {
            await AssertStateEqualsPostgreSqlAsync(state);
            return true;
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or InvalidOperationException)
        {
            return false; // not yet (or the loop changed the state while it was read)
        }
    }

    /// <summary>Positions, resting orders and used client order ids in memory are exactly PostgreSQL's; positions are the executions' signed sums.</summary>
    private async Task AssertStateEqualsPostgreSqlAsync(SequencerState state)
    {
        var stored = await storage.ScalarAsync<string>(
            "SELECT coalesce(string_agg(symbol || ' ' || quantity || ' ' || average_price || ' ' || realized_pnl, '; ' ORDER BY symbol), '') FROM positions");
        var inMemory = string.Join("; ", state.Positions.Values.OrderBy(p => p.Symbol, StringComparer.Ordinal)
            .Select(p => FormattableString.Invariant($"{p.Symbol} {p.Quantity:0.0000000000} {p.AveragePrice:0.0000000000} {p.RealizedPnl:0.0000000000}")));
        Assert.Equal(stored, inMemory);
        Assert.Equal(0L, await storage.ScalarAsync<long>(
            "SELECT count(*) FROM positions p WHERE p.quantity <> (SELECT coalesce(sum(CASE e.side WHEN 'buy' THEN e.quantity ELSE -e.quantity END), 0) FROM executions e WHERE e.symbol = p.symbol)"));
        var resting = await storage.ScalarAsync<Guid[]>("SELECT coalesce(array_agg(id ORDER BY id), '{}') FROM orders WHERE status = 'resting'");
        Assert.Equal(resting, state.RestingOrders.Select(o => o.Id).Order().ToArray());
        Assert.Equal(await storage.ScalarAsync<long>("SELECT count(*) FROM orders"), state.UsedClientOrderIds);
    }
}
