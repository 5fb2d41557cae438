using System.Reflection;
using StackExchange.Redis;
using TradingAspire.Gateway.Telemetry;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// The Redis client's events, logged by the gateway under <see cref="RedisConnectionLog.Category"/> (the library's own
/// category is off), against a real <c>redis-server</c> killed and started again: one warning per outage per connection
/// type, not one per reconnect attempt, one restored line with the outage's duration (the gateway's clock, faked here),
/// the same for a Redis down when the gateway starts, error replies bounded, internal errors as errors with their exception.
/// </summary>
public sealed class RedisConnectionLogTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(15);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.Parse("2026-12-06T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private int _failedAttempts;
    private volatile bool _killed;
    private volatile bool _startedAgain;

    [Fact]
    public async Task A_redis_server_killed_and_started_again_five_minutes_later_logs_one_warning_per_connection_type_and_one_restored_line_with_the_outage_s_duration()
    {
        var port = ChildProcess.FreePort();
        await using var server = await TestRedisServer.StartAsync(port);
        using var host = Gateway(port);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        // Counted after the log's own handlers ran for the same event (one invocation list, in order of subscription),
        // from the kill on (failures) and from the new start on (restorations): not the first connections' events.
        var (failed, restored) = (0, 0);
        redis.ConnectionFailed += (_, _) =>
        {
            if (_killed)
            {
                Interlocked.Increment(ref failed);
            }
        };
        redis.ConnectionRestored += (_, _) =>
        {
            if (_startedAgain)
            {
                Interlocked.Increment(ref restored);
            }
        };
        await Poll.UntilAsync(() => Task.FromResult(redis.IsConnected && redis.GetSubscriber().IsConnected()),
            () => $"interactive and subscription connections not both established: {redis.GetStatus()}", Deadline);

        _killed = true;
        var attemptsBefore = Volatile.Read(ref _failedAttempts);
        await server.KillAsync();
        // Both connections lost and two more attempts each (LinearRetry: one a second) refused while the server is down.
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref failed) == 2 && Volatile.Read(ref _failedAttempts) - attemptsBefore >= 4),
            () => $"{failed} connection failures, {_failedAttempts - attemptsBefore} failed attempts after the kill", Deadline);
        _time.Advance(TimeSpan.FromMinutes(5));
        _startedAgain = true;
        await using var again = await TestRedisServer.StartAsync(port);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref restored) == 2),
            () => $"{restored} connections restored: {redis.GetStatus()}; redis-server: {again.Output}", Deadline);

        var records = Records(host);
        // The failure type and reason are the library's (a killed server's socket usually ends with a FIN: SocketClosed;
        // with a RST when it had unread bytes from the client: SocketFailure), checked below for their form.
        var failures = records.Where(r => r.Level == LogLevel.Warning)
            .ToDictionary(r => Attribute(r, "ConnectionType"), r => (Type: Attribute(r, "FailureType"), Reason: Attribute(r, "Reason")));
        Assert.Equal(
            [
                (LogLevel.Information, "RedisConnectionRestored", $"Redis Interactive connection to 127.0.0.1:{port} restored after 300 s"),
                (LogLevel.Information, "RedisConnectionRestored", $"Redis Subscription connection to 127.0.0.1:{port} restored after 300 s"),
                (LogLevel.Warning, "RedisConnectionFailed", $"Redis Interactive connection to 127.0.0.1:{port} failed ({failures["Interactive"].Type}): {failures["Interactive"].Reason}. Reconnecting; not logged again until it is restored"),
                (LogLevel.Warning, "RedisConnectionFailed", $"Redis Subscription connection to 127.0.0.1:{port} failed ({failures["Subscription"].Type}): {failures["Subscription"].Reason}. Reconnecting; not logged again until it is restored"),
            ],
            records.Select(r => (r.Level, r.Id.Name, r.Message)).Order().ToList());
        Assert.All(failures, failure =>
        {
            // The exception's message, not its stack: the library's text starts with the failure type and names the
            // endpoint and the connection.
            Assert.True(Enum.TryParse<ConnectionFailureType>(failure.Value.Type, out var type) && type != ConnectionFailureType.None,
                $"{failure.Key}: failure type {failure.Value.Type}: {failure.Value.Reason}");
            Assert.StartsWith($"{failure.Value.Type} ", failure.Value.Reason);
            Assert.Contains($" on 127.0.0.1:{port}/{failure.Key}, ", failure.Value.Reason);
            Assert.DoesNotContain("   at ", failure.Value.Reason);
        });
        Assert.All(records, r => Assert.Null(r.Exception));
    }

    [Fact]
    public async Task A_gateway_started_while_Redis_is_down_logs_one_warning_per_connection_type_and_a_restored_line_each_once_it_connects()
    {
        var port = ChildProcess.FreePort();
        using var host = Gateway(port);
        // Made (and connecting) as the gateway's start makes it, with nothing listening on the port.
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var restored = 0;
        redis.ConnectionRestored += (_, _) => Interlocked.Increment(ref restored);
        // The client's own retries while it is made, then two more attempts of each connection (one a second).
        var attemptsWhileMade = Volatile.Read(ref _failedAttempts);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref _failedAttempts) - attemptsWhileMade >= 4 && Records(host).Count == 2),
            () => $"{_failedAttempts} failed attempts ({attemptsWhileMade} while the client was made), {Records(host).Count} lines logged: {string.Join(" | ", Lines(host))}", Deadline);
        var whileDown = Records(host);
        _time.Advance(TimeSpan.FromMinutes(2));
        await using var server = await TestRedisServer.StartAsync(port);
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref restored) == 2 && redis.IsConnected),
            () => $"{restored} connections restored: {redis.GetStatus()}; redis-server: {server.Output}", Deadline);

        var reasons = whileDown.ToDictionary(r => Attribute(r, "ConnectionType"), r => Attribute(r, "Reason"));
        // The library's failure type for a refused connection: UnableToConnect mostly, SocketFailure at times (under load).
        var failureTypes = whileDown.ToDictionary(r => Attribute(r, "ConnectionType"), r => Attribute(r, "FailureType"));
        Assert.All(failureTypes.Values, t => Assert.True(Enum.TryParse<ConnectionFailureType>(t, out var type) && type != ConnectionFailureType.None, t));
        string Warning(string type) => $"Redis {type} connection to 127.0.0.1:{port} could not be made at start ({failureTypes[type]}): {reasons[type]}. "
            + "The gateway runs without Redis meanwhile (prices reach WebSocket clients, not Redis; /health reports Redis Unhealthy) and keeps trying to connect; not logged again until it is connected";
        Assert.Equal(
            [
                (LogLevel.Warning, "RedisNotConnectedAtStart", Warning("Interactive")),
                (LogLevel.Warning, "RedisNotConnectedAtStart", Warning("Subscription")),
            ],
            whileDown.Select(r => (r.Level, r.Id.Name, r.Message)).Order().ToList());
        Assert.Equal(
            [
                (LogLevel.Information, "RedisConnectionRestored", $"Redis Interactive connection to 127.0.0.1:{port} restored after 120 s"),
                (LogLevel.Information, "RedisConnectionRestored", $"Redis Subscription connection to 127.0.0.1:{port} restored after 120 s"),
                (LogLevel.Warning, "RedisNotConnectedAtStart", Warning("Interactive")),
                (LogLevel.Warning, "RedisNotConnectedAtStart", Warning("Subscription")),
            ],
            Records(host).Select(r => (r.Level, r.Id.Name, r.Message)).Order().ToList());
        // The exception's message (the socket's refusal), not its stack.
        Assert.All(reasons.Values, reason => Assert.True(reason.Length > 0 && !reason.Contains("   at ", StringComparison.Ordinal), reason));
        Assert.All(Records(host), r => Assert.Null(r.Exception));
    }

    [Fact]
    public async Task An_error_reply_repeated_within_a_minute_is_logged_once_and_the_next_one_a_minute_later_says_how_many_were_not()
    {
        var port = ChildProcess.FreePort();
        await using var server = await TestRedisServer.StartAsync(port);
        using var host = Gateway(port);
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var replies = 0;
        redis.ErrorMessage += (_, _) => Interlocked.Increment(ref replies);
        var database = redis.GetDatabase();
        await database.StringSetAsync("price:BTCUSDT", "not a number");

        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<RedisServerException>(() => database.StringIncrementAsync("price:BTCUSDT"));
        }

        await Assert.ThrowsAsync<RedisServerException>(() => database.ListLeftPushAsync("price:BTCUSDT", "1"));
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref replies) == 6), () => $"{replies} error replies seen", Deadline);
        var withinTheMinute = Lines(host);
        _time.Advance(RedisConnectionLog.RepeatWindow);
        await Assert.ThrowsAsync<RedisServerException>(() => database.StringIncrementAsync("price:BTCUSDT"));
        await Poll.UntilAsync(() => Task.FromResult(Volatile.Read(ref replies) == 7), () => $"{replies} error replies seen", Deadline);

        var notAnInteger = $"Redis 127.0.0.1:{port} replied with an error: ERR value is not an integer or out of range";
        var wrongType = $"Redis 127.0.0.1:{port} replied with an error: WRONGTYPE Operation against a key holding the wrong kind of value";
        Assert.Equal([(LogLevel.Warning, notAnInteger), (LogLevel.Warning, wrongType)], withinTheMinute);
        Assert.Equal(
            [
                (LogLevel.Warning, notAnInteger),
                (LogLevel.Warning, wrongType),
                (LogLevel.Warning, $"{notAnInteger} (4 more like it since the previous line, not logged)"),
            ],
            Lines(host));
    }

    [Fact]
    public async Task An_internal_error_of_the_client_is_logged_as_an_error_with_its_exception()
    {
        var port = ChildProcess.FreePort();
        await using var server = await TestRedisServer.StartAsync(port);
        using var host = Gateway(port);
        var redis = (ConnectionMultiplexer)host.Services.GetRequiredService<IConnectionMultiplexer>();
        Exception fault;
        try
        {
            throw new InvalidOperationException("Unexpected RESP frame type '~' while reading a reply");
        }
        catch (InvalidOperationException thrown)
        {
            fault = thrown;
        }

        // Only the library raises InternalError (for its own faults: no client call reaches one), so the test raises
        // it as the library does, through the multiplexer's internal OnInternalError (StackExchange.Redis 3.4.35).
        var raise = typeof(ConnectionMultiplexer).GetMethod("OnInternalError", BindingFlags.Instance | BindingFlags.NonPublic,
            [typeof(Exception), typeof(EndPoint), typeof(ConnectionType), typeof(string)])
            ?? throw new InvalidOperationException("ConnectionMultiplexer.OnInternalError(Exception, EndPoint, ConnectionType, string) is gone: raise InternalError another way.");
        raise.Invoke(redis, [fault, new IPEndPoint(IPAddress.Loopback, port), ConnectionType.Interactive, "ReadFromPipe"]);
        await Poll.UntilAsync(() => Task.FromResult(Records(host).Count == 1), () => $"{Records(host).Count} lines logged", Deadline);

        var record = Assert.Single(Records(host));
        Assert.Equal((LogLevel.Error, 42, "RedisInternalError"), (record.Level, record.Id.Id, record.Id.Name));
        Assert.Equal($"Redis client internal error in ReadFromPipe on Interactive connection to 127.0.0.1:{port}: Unexpected RESP frame type '~' while reading a reply", record.Message);
        Assert.Same(fault, record.Exception);
    }

    [Fact]
    public void Three_hundred_failures_of_each_connection_in_a_five_minute_outage_log_one_warning_each_and_the_restorations_one_line_each()
    {
        // The library itself raises ConnectionFailed once per outage per connection (the test above); the log does not
        // rely on it: the events here are those a client would raise if it reported every attempt of a 5-minute outage.
        using var host = GatewayServicesHost.Build(redisPort: 1, services => services.AddSingleton<TimeProvider>(_time));
        var log = host.Services.GetRequiredService<RedisConnectionLog>();
        var endPoint = new IPEndPoint(IPAddress.Loopback, 6379);
        var refused = new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Connection refused", null, CommandStatus.Unknown);

        for (var second = 0; second < 300; second++)
        {
            foreach (var type in (ConnectionType[])[ConnectionType.Interactive, ConnectionType.Subscription])
            {
                log.OnConnectionFailed(this, new ConnectionFailedEventArgs(log, endPoint, type, ConnectionFailureType.UnableToConnect, refused, $"{type}#{second}"));
            }

            _time.Advance(TimeSpan.FromSeconds(1));
        }

        log.OnConnectionRestored(this, new ConnectionFailedEventArgs(log, endPoint, ConnectionType.Interactive, ConnectionFailureType.None, null!, "Interactive#300"));
        log.OnConnectionRestored(this, new ConnectionFailedEventArgs(log, endPoint, ConnectionType.Subscription, ConnectionFailureType.None, null!, "Subscription#300"));

        Assert.Equal(
            [
                (LogLevel.Warning, "Redis Interactive connection to 127.0.0.1:6379 failed (UnableToConnect): Connection refused. Reconnecting; not logged again until it is restored"),
                (LogLevel.Warning, "Redis Subscription connection to 127.0.0.1:6379 failed (UnableToConnect): Connection refused. Reconnecting; not logged again until it is restored"),
                (LogLevel.Information, "Redis Interactive connection to 127.0.0.1:6379 restored after 300 s"),
                (LogLevel.Information, "Redis Subscription connection to 127.0.0.1:6379 restored after 300 s"),
            ],
            Lines(host));
    }

    // The gateway's services with the fake clock, and the client's failed connection attempts counted (the library
    // reports each attempt to a handler set on its options before it connects).
    private IHost Gateway(int redisPort) => GatewayServicesHost.Build(redisPort, services =>
    {
        services.AddSingleton<TimeProvider>(_time);
        services.Configure<ConfigurationOptions>(options => options.ConnectionAttemptCompleted += (_, attempt) =>
        {
            if (!attempt.IsSuccess)
            {
                Interlocked.Increment(ref _failedAttempts);
            }
        });
    });

    private static IReadOnlyList<FakeLogRecord> Records(IHost host)
        => [.. host.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == RedisConnectionLog.Category)];

    private static List<(LogLevel Level, string Message)> Lines(IHost host) => [.. Records(host).Select(r => (r.Level, r.Message))];

    private static string Attribute(FakeLogRecord record, string name)
        => record.StructuredState?.SingleOrDefault(pair => pair.Key == name).Value ?? throw new InvalidOperationException($"No attribute {name} in: {record.Message}");
}
