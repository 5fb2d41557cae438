using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using RedisServerProcess = TradingAspire.TestSupport.ChildProcess; // TradingAspire.Hosting has a ChildProcess too

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// <c>WithRedisHeartbeatHealthCheck</c>'s check against a real <c>redis-server</c> on a random port (one per test, started,
/// stopped and started again as an outage does), the heartbeat's age on a fake clock, and whether the liveness probe
/// counts each result (<see cref="LivenessMonitor.Failure"/>): a missing or old heartbeat is counted, an unreachable
/// Redis is not.
/// </summary>
[Trait("Category", "Integration")]
public sealed class RedisHeartbeatHealthCheckTests : IAsyncLifetime
{
    private const string Key = "strategy:heartbeat", CheckName = "strategy_heartbeat";
    private const string NotConnected = "heartbeat at 'strategy:heartbeat' unknown: the AppHost is not connected to Redis (not counted by a liveness probe)";
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(15);

    private readonly int _port = RedisServerProcess.FreePort();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
    private RedisServerProcess? _server;
    private ConnectionMultiplexer? _connection;

    public async Task InitializeAsync()
    {
        _server = await StartServerAsync();
        var options = new ConfigurationOptions { AbortOnConnectFail = false, ReconnectRetryPolicy = new LinearRetry(1000) }; // as the AppHost's
        options.EndPoints.Add(IPAddress.Loopback, _port);
        _connection = await ConnectionMultiplexer.ConnectAsync(options);
        await Poll.UntilAsync(() => Task.FromResult(_connection.IsConnected), $"no connection to redis-server on port {_port}",
            PythonIntegrationTests.Deadline);
    }

    public async Task DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_heartbeat_at_most_maxAge_old_is_Healthy_and_an_older_one_Unhealthy_saying_its_age_and_counted()
    {
        await WriteHeartbeatAsync($$"""{"timestamp":"{{_clock.GetUtcNow().AddSeconds(-15):O}}","run_id":"r1"}""");
        Assert.Equal((HealthStatus.Healthy, (string?)null, (string?)null), Outcome(await CheckAsync()));

        _clock.Advance(TimeSpan.FromSeconds(25));

        const string Old = "last heartbeat 40 s ago (at most 15 s expected)";
        Assert.Equal((HealthStatus.Unhealthy, Old, $"{CheckName}: Unhealthy ({Old})"), Outcome(await CheckAsync()));
    }

    [Fact]
    public async Task Running_Redis_without_the_heartbeat_is_Unhealthy_and_counted_by_the_liveness_probe()
    {
        const string Missing = "no heartbeat at 'strategy:heartbeat' in Redis";
        Assert.Equal((HealthStatus.Unhealthy, Missing, $"{CheckName}: Unhealthy ({Missing})"), Outcome(await CheckAsync()));
    }

    [Theory]
    [InlineData("42", "the heartbeat at 'strategy:heartbeat' has no ISO 8601 'timestamp'")]
    [InlineData("""{"run_id":"r1"}""", "the heartbeat at 'strategy:heartbeat' has no ISO 8601 'timestamp'")]
    [InlineData("""{"timestamp":"yesterday"}""", "the heartbeat at 'strategy:heartbeat' has no ISO 8601 'timestamp'")]
    [InlineData("beat", "heartbeat at 'strategy:heartbeat' not readable: 'b' is an invalid start of a value. LineNumber: 0 | BytePositionInLine: 0.")]
    public async Task A_heartbeat_without_an_ISO_8601_timestamp_is_Unhealthy_saying_so(string value, string description)
    {
        await WriteHeartbeatAsync(value);

        Assert.Equal((HealthStatus.Unhealthy, description, $"{CheckName}: Unhealthy ({description})"), Outcome(await CheckAsync()));
    }

    [Fact]
    public async Task Stopped_Redis_is_Degraded_and_not_counted_and_back_without_the_heartbeat_is_Unhealthy_and_counted()
    {
        await WriteHeartbeatAsync($$"""{"timestamp":"{{_clock.GetUtcNow():O}}"}""");
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);

        await _server!.KillAsync();

        // From the kill on, every result is Degraded, none counted; once the client has seen the closed connection: not connected.
        var seen = new List<string?>();
        await Poll.UntilAsync(async () =>
        {
            var (status, description, failure) = Outcome(await CheckAsync());
            Assert.True(status == HealthStatus.Degraded && failure is null, $"after the kill: {status} ({description}), counted: {failure}");
            seen.Add(description);
            return description == NotConnected;
        }, () => $"never '{NotConnected}'; seen: {string.Join(" | ", seen)}", PythonIntegrationTests.Deadline);

        // Back (the heartbeat expired meanwhile, as its EX makes it): the worker is judged again.
        _server = await StartServerAsync();
        const string Missing = "no heartbeat at 'strategy:heartbeat' in Redis";
        await Poll.UntilAsync(async () => (await CheckAsync()).Status != HealthStatus.Degraded, "the check never saw Redis again",
            PythonIntegrationTests.Deadline);
        Assert.Equal((HealthStatus.Unhealthy, Missing, $"{CheckName}: Unhealthy ({Missing})"), Outcome(await CheckAsync()));
    }

    [Fact]
    public async Task Redis_not_answering_is_Degraded_after_the_read_timeout_and_not_counted()
    {
        await WriteHeartbeatAsync($$"""{"timestamp":"{{_clock.GetUtcNow():O}}"}""");
        Signal("STOP", _server!.Id); // connected, never answers (a hung Redis)
        try
        {
            var checking = CheckAsync(); // the read is waiting: its 2 s bound runs on the fake clock
            Assert.False(checking.IsCompleted, $"answered while Redis is stopped: {checking.Status}");

            _clock.Advance(RedisHeartbeatHealthCheck.ReadTimeout);

            const string NoAnswer = "heartbeat at 'strategy:heartbeat' unknown: Redis did not answer within 2 s (not counted by a liveness probe)";
            Assert.Equal((HealthStatus.Degraded, NoAnswer, (string?)null), Outcome(await checking));
        }
        finally
        {
            Signal("CONT", _server.Id);
        }
    }

    [Fact]
    public async Task Redis_busy_with_a_script_is_Degraded_saying_so_and_not_counted()
    {
        await WriteHeartbeatAsync($$"""{"timestamp":"{{_clock.GetUtcNow():O}}"}""");
        var port = _port.ToString(CultureInfo.InvariantCulture);
        using (var config = Process.Start("redis-cli", ["-p", port, "CONFIG", "SET", "busy-reply-threshold", "100"])) // BUSY to others after 100 ms of a script
        {
            await config.WaitForExitAsync();
            Assert.Equal(0, config.ExitCode);
        }

        await using var script = RedisServerProcess.Start("redis-cli", "-p", port, "EVAL", "while true do end", "0");
        try
        {
            // Redis's own sentence after "BUSY" differs between versions (7.0: "… or SHUTDOWN NOSAVE.").
            const string Busy = @"^heartbeat at 'strategy:heartbeat' unknown: Redis cannot serve it now: BUSY Redis is busy running a script\. [^()]+ \(not counted by a liveness probe\)$";
            var last = default((HealthStatus, string?, string?));
            await Poll.UntilAsync(async () => (last = Outcome(await CheckAsync())).Item2 != null && last.Item1 != HealthStatus.Healthy,
                () => $"never anything but Healthy while the script runs: {last}", PythonIntegrationTests.Deadline);
            Assert.Matches(Busy, last.Item2);
            Assert.Equal((HealthStatus.Degraded, (string?)null), (last.Item1, last.Item3));
        }
        finally
        {
            using var kill = Process.Start("redis-cli", ["-p", port, "SCRIPT", "KILL"]);
            await kill.WaitForExitAsync();
        }

        await Poll.UntilAsync(async () => (await CheckAsync()).Status == HealthStatus.Healthy, "Healthy again after SCRIPT KILL", PythonIntegrationTests.Deadline);
    }

    private Task<HealthCheckResult> CheckAsync()
    {
        var check = new RedisHeartbeatHealthCheck(() => _connection!, Key, MaxAge, _clock);
        var registration = new HealthCheckRegistration(CheckName, check, HealthStatus.Unhealthy, tags: null);
        return check.CheckHealthAsync(new HealthCheckContext { Registration = registration });
    }

    /// <summary>The result's status and description, and what the liveness probe makes of it (null: not a failure).</summary>
    private static (HealthStatus Status, string? Description, string? Failure) Outcome(HealthCheckResult result)
        => (result.Status, result.Description, LivenessMonitor.Failure(new HealthReport(new Dictionary<string, HealthReportEntry>
        {
            [CheckName] = new(result.Status, result.Description, TimeSpan.Zero, result.Exception, null),
        }, TimeSpan.Zero)));

    private Task WriteHeartbeatAsync(string value) => _connection!.GetDatabase().StringSetAsync(Key, value);

    private async Task<RedisServerProcess> StartServerAsync()
    {
        var server = RedisServerProcess.Start("redis-server", "--port", _port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
            "--save", "", "--appendonly", "no");
        var ready = () => server.HasExited || server.Output.Contains("Ready to accept connections", StringComparison.Ordinal);
        await Poll.UntilAsync(() => Task.FromResult(ready()),
            () => $"redis-server did not start: {server.Output}", PythonIntegrationTests.Deadline);
        Assert.False(server.HasExited, server.Output);
        return server;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
