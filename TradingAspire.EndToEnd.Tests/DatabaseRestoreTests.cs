using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// <c>restore</c> of the <c>trading</c> database under the running system, as <c>aspire resource trading restore</c> runs
/// it: afterwards every service is in the backup's state (the gateway keeps its used client order ids and positions in
/// memory, read at its start); and <c>reset</c>, after which nothing from before is left, in the database or in the
/// gateway's memory. The strategy places orders meanwhile: a position is compared with the executions in one statement.
/// The tests leave the system Running and healthy for the next classes.
/// </summary>
[Trait("Category", "Integration")]
[Collection(WholeSystem.Name)]
public sealed partial class DatabaseRestoreTests(TelemetrySystem system)
{
    private const string Symbol = "SOLUSDT";
    private const string Restarted = "Stopped gateway, trading-api, strategy, trading-ui for the restore and started them again.";
    private const string Dependants = "gateway, trading-api, strategy, trading-ui";
    private static readonly TimeSpan CommandDeadline = TimeSpan.FromSeconds(150);

    [Fact]
    public async Task After_a_restore_positions_are_the_backups_and_a_client_order_id_used_after_the_backup_is_a_new_order()
    {
        var (kept, later) = (NewId(), NewId());
        await PlaceAsync(kept, HttpStatusCode.Created);
        var backup = await CommandAsync("backup");
        Assert.True(backup.Success, backup.Message);
        var file = BackupFile().Match(backup.Message!).Groups["path"].Value;
        Assert.True(File.Exists(file), backup.Message);
        try
        {
            await PlaceAsync(later, HttpStatusCode.Created);
            var pids = DependantPids();

            var restore = await CommandAsync("restore", ("file", Path.GetFileName(file)));

            Assert.True(restore.Success, restore.Message);
            AssertRestarted(pids);
            Assert.StartsWith($"Restored 'trading' from ", restore.Message);
            Assert.EndsWith(Restarted, restore.Message);
            Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", kept));
            Assert.Equal(0L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", later));
            await AssertPositionsAreTheExecutionsAsync();

            await PlaceAsync(later, HttpStatusCode.Created); // a new order, not the one the backup does not have (502 before)
            await AssertPositionsAreTheExecutionsAsync();
            await AssertServicesHealthyAsync();
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task After_a_reset_no_order_or_position_from_before_is_left_and_a_used_client_order_id_is_a_new_order()
    {
        var used = NewId();
        await PlaceAsync(used, HttpStatusCode.Created);
        var before = (DateTime)(await system.ScalarAsync("SELECT now()"))!; // the server's clock: the strategy orders again after the reset
        var pids = DependantPids();

        var reset = await CommandAsync("reset", ("confirm", "trading"));

        Assert.True(reset.Success, reset.Message);
        AssertRestarted(pids); // the data checks alone pass without: the gateway reads the database again after a failed write
        Assert.Equal(0L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1 OR created_at <= $2", used, before));
        Assert.Equal(0L, await system.ScalarAsync("SELECT count(*) FROM positions WHERE updated_at <= $1", before));
        await AssertPositionsAreTheExecutionsAsync(); // the gateway's positions are the new database's, not its memory's

        await PlaceAsync(used, HttpStatusCode.Created); // a new order: the gateway forgot the id (502 with its old memory)
        Assert.Equal(1L, await system.ScalarAsync("SELECT count(*) FROM orders WHERE client_order_id = $1", used));
        await AssertPositionsAreTheExecutionsAsync();
        await AssertServicesHealthyAsync();
        Assert.Equal($"Dropped and recreated 'trading'; 'migrations' ran again and exited 0. Stopped {Dependants} for the reset and started them again.", reset.Message);
    }

    private static string NewId() => $"restore-{Guid.NewGuid():N}";

    /// <summary>The file in <c>backup</c>'s message: <c>Backed up 'trading' to {path} ({size} bytes).</c></summary>
    [GeneratedRegex(@"^Backed up 'trading' to (?<path>.+trading-\d{8}-\d{6}(-\d+)?\.dump) \(")]
    private static partial Regex BackupFile();

    private async Task PlaceAsync(string clientOrderId, HttpStatusCode expected)
    {
        using var response = await system.Api.PostAsJsonAsync("/api/trades", new { symbol = Symbol, side = "buy", quantity = 1, client_order_id = clientOrderId });
        Assert.True(response.StatusCode == expected, $"POST /api/trades {clientOrderId}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<ExecuteCommandResult> CommandAsync(string command, params (string Name, string Value)[] arguments)
    {
        using var deadline = new CancellationTokenSource(CommandDeadline);
        return await system.App.Services.GetRequiredService<ResourceCommandService>().ExecuteCommandAsync("trading", command,
            new InteractionInputCollection([.. arguments.Select(a => new InteractionInput { Name = a.Name, InputType = InputType.Text, Value = a.Value })]),
            deadline.Token);
    }

    /// <summary>
    /// The stored position is the sum of the executions (one statement: the strategy's orders are in both or neither),
    /// and trading-api answers the same quantity (polled: the strategy may fill an order between the two reads).
    /// </summary>
    private async Task AssertPositionsAreTheExecutionsAsync()
    {
        const string sql = "SELECT ARRAY[coalesce((SELECT quantity FROM positions WHERE symbol = $1), 0), " +
                           "coalesce((SELECT sum(CASE side WHEN 'buy' THEN quantity ELSE -quantity END) FROM executions WHERE symbol = $1), 0)]";
        var stored = (decimal[])(await system.ScalarAsync(sql, Symbol))!;
        Assert.True(stored[0] == stored[1], $"{Symbol}: position {stored[0]}, executions sum to {stored[1]}");
        var answered = decimal.MinValue;
        await Poll.UntilAsync(async () =>
        {
            using var positions = await system.Api.GetFromJsonAsync<JsonDocument>("/api/positions");
            answered = positions!.RootElement.EnumerateArray().Where(p => p.GetProperty("symbol").GetString() == Symbol)
                .Select(p => p.GetProperty("quantity").GetDecimal()).FirstOrDefault(); // no row: 0, as the statement's coalesce
            stored = (decimal[])(await system.ScalarAsync(sql, Symbol))!;
            return answered == stored[1];
        }, () => $"GET /api/positions: {Symbol} {answered}, executions sum to {stored[1]}", TimeSpan.FromSeconds(15));
    }

    /// <summary>The process id of each dependant (Aspire's <c>executable.pid</c>; 0 when it has none).</summary>
    private Dictionary<string, int> DependantPids()
        => Dependants.Split(", ").ToDictionary(name => name, name => system.App.ResourceNotifications.TryGetCurrentState(name, out var e) ? ProcessProbe.Pid(e) : 0);

    /// <summary>Each dependant runs another process than it did at <paramref name="before"/>: it was stopped and started again.</summary>
    private void AssertRestarted(Dictionary<string, int> before)
    {
        var after = DependantPids();
        Assert.All(before, b => Assert.True(b.Value > 0 && after[b.Key] > 0 && after[b.Key] != b.Value, $"{b.Key}: process {b.Value} before, {after[b.Key]} after"));
    }

    private async Task AssertServicesHealthyAsync()
    {
        foreach (var name in new[] { "gateway", "trading-api", "strategy", "trading-ui" })
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await system.App.ResourceNotifications.WaitForResourceHealthyAsync(name, deadline.Token);
            Assert.True(system.App.ResourceNotifications.TryGetCurrentState(name, out var now));
            Assert.Equal(KnownResourceStates.Running, now.Snapshot.State?.Text);
        }
    }
}
