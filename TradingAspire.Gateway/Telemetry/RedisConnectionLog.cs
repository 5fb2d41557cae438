using StackExchange.Redis;

namespace TradingAspire.Gateway.Telemetry;

/// <summary>
/// Logs the Redis client's events (StackExchange.Redis <see cref="IConnectionMultiplexer"/>) under the category
/// <see cref="Category"/>, each a bounded number of times, in place of the library's own category
/// (<see cref="GatewayServiceCollectionExtensions.RedisClientLogCategory"/>, off: it logs every reconnect attempt).
/// <list type="bullet">
/// <item><c>ConnectionFailed</c>: one warning per outage per connection (endpoint and connection type: interactive,
/// subscription) naming the endpoint, the failure type and the exception's message; the failures and reconnect attempts
/// after it are not logged until the connection is restored. A 5-minute outage of one Redis is 2 warnings (interactive
/// and subscription) and 2 restored lines, however many attempts the client makes (one a second).</item>
/// <item>A connection that cannot be made at start (Redis already down as the gateway starts; the client raises no
/// <c>ConnectionFailed</c> then, only failed attempts, <see cref="ConfigurationOptions.ConnectionAttemptCompleted"/>): one
/// warning per connection, as for an outage, at its first failed attempt; the later attempts are not logged. Attempts
/// of a connection established once are not logged (<c>ConnectionFailed</c> reports its outages).</item>
/// <item><c>ConnectionRestored</c> after a logged failure (also one at start): one information line with the outage's
/// duration in seconds (0.1 s, by the <see cref="TimeProvider"/>). A connection established without a failure logged
/// before it (the first one at start) is not logged.</item>
/// <item><c>InternalError</c>: an error with the exception; <c>ErrorMessage</c> (an error reply of the server to a
/// command, e.g. <c>MISCONF</c>, <c>OOM</c>, <c>READONLY</c>): a warning with the reply. Both can repeat at the rate of
/// the commands: per kind (the reply's first word per endpoint; the error's origin and exception type) at most one line
/// per <see cref="RepeatWindow"/>, the next one saying how many were not logged since the previous one.</item>
/// </list>
/// </summary>
/// <param name="timeProvider">The clock that measures an outage and the repeat window.</param>
/// <param name="loggerFactory">Makes the logger of category <see cref="Category"/>.</param>
public sealed partial class RedisConnectionLog(TimeProvider timeProvider, ILoggerFactory loggerFactory)
{
    /// <summary>The log category of these lines (the dashboard's Category column).</summary>
    public const string Category = "TradingAspire.Gateway.Redis";

    /// <summary>The least time between two logged lines of one kind of internal error or error reply: 60 s.</summary>
    public static readonly TimeSpan RepeatWindow = TimeSpan.FromSeconds(60);

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);
    private readonly Lock _gate = new();

    // Per connection that failed and is not restored yet: when its failure was logged.
    private readonly Dictionary<(string EndPoint, ConnectionType ConnectionType), DateTimeOffset> _outages = [];

    // Connections established at least once: their failed attempts are outages, logged by OnConnectionFailed. Attempts
    // are reported on worker threads, out of order: one that failed before the connection was made can come after.
    private readonly HashSet<(string EndPoint, ConnectionType ConnectionType)> _established = [];
    private readonly RepeatedLineLimit _repeats = new(RepeatWindow);

    /// <summary>Subscribes to <paramref name="redis"/>'s events; called once, as soon as the client is made.</summary>
    public void Observe(IConnectionMultiplexer redis)
    {
        redis.ConnectionFailed += OnConnectionFailed;
        redis.ConnectionRestored += OnConnectionRestored;
        redis.InternalError += OnInternalError;
        redis.ErrorMessage += OnErrorMessage;
    }

    /// <summary>
    /// Handles <see cref="ConfigurationOptions.ConnectionAttemptCompleted"/>, subscribed on the client's options before it
    /// connects: the only report of a connection that cannot be made at start.
    /// </summary>
    internal void OnConnectionAttemptCompleted(object? sender, ConnectionAttemptCompletedEventArgs attempt)
    {
        var connection = (Format(attempt.EndPoint), attempt.ConnectionType);
        lock (_gate)
        {
            if (attempt.IsSuccess)
            {
                _established.Add(connection);
            }
            else if (!_established.Contains(connection) && _outages.TryAdd(connection, timeProvider.GetUtcNow()))
            {
                NotConnectedAtStart(_logger, attempt.ConnectionType, connection.Item1, attempt.FailureType, attempt.Exception?.Message ?? "no exception given");
            }
        }
    }

    /// <summary>Handles <see cref="IConnectionMultiplexer.ConnectionFailed"/>.</summary>
    internal void OnConnectionFailed(object? sender, ConnectionFailedEventArgs failure)
    {
        var endPoint = Format(failure.EndPoint);
        lock (_gate)
        {
            if (_outages.TryAdd((endPoint, failure.ConnectionType), timeProvider.GetUtcNow()))
            {
                ConnectionFailed(_logger, failure.ConnectionType, endPoint, failure.FailureType, failure.Exception?.Message ?? "no exception given");
            }
        }
    }

    /// <summary>Handles <see cref="IConnectionMultiplexer.ConnectionRestored"/>.</summary>
    internal void OnConnectionRestored(object? sender, ConnectionFailedEventArgs restored)
    {
        var endPoint = Format(restored.EndPoint);
        lock (_gate)
        {
            _established.Add((endPoint, restored.ConnectionType));
            if (_outages.Remove((endPoint, restored.ConnectionType), out var since))
            {
                ConnectionRestored(_logger, restored.ConnectionType, endPoint, Math.Round((timeProvider.GetUtcNow() - since).TotalSeconds, 1));
            }
        }
    }

    /// <summary>Handles <see cref="IConnectionMultiplexer.InternalError"/>.</summary>
    internal void OnInternalError(object? sender, InternalErrorEventArgs error)
    {
        var origin = error.Origin ?? "unknown origin";
        var connection = error.EndPoint is null ? "no connection" : $"{error.ConnectionType} connection to {Format(error.EndPoint)}";
        var reason = error.Exception?.Message ?? "no exception given";
        lock (_gate)
        {
            if (!_repeats.TryLog($"internal {origin} {error.Exception?.GetType().FullName}", timeProvider.GetUtcNow(), out var notLogged))
            {
                return;
            }

            if (notLogged == 0)
            {
                InternalError(_logger, error.Exception, origin, connection, reason);
            }
            else
            {
                InternalErrorRepeated(_logger, error.Exception, origin, connection, reason, notLogged);
            }
        }
    }

    /// <summary>Handles <see cref="IConnectionMultiplexer.ErrorMessage"/>.</summary>
    internal void OnErrorMessage(object? sender, RedisErrorEventArgs reply)
    {
        var endPoint = Format(reply.EndPoint);
        var code = reply.Message.Split(' ', 2)[0];
        lock (_gate)
        {
            if (!_repeats.TryLog($"reply {endPoint} {code}", timeProvider.GetUtcNow(), out var notLogged))
            {
                return;
            }

            if (notLogged == 0)
            {
                ErrorReply(_logger, endPoint, reply.Message);
            }
            else
            {
                ErrorReplyRepeated(_logger, endPoint, reply.Message, notLogged);
            }
        }
    }

    // "127.0.0.1:6379", "redis.example:6379" (the library's form, without DnsEndPoint's "Unspecified/").
    private static string Format(System.Net.EndPoint? endPoint) => endPoint is null ? "unknown endpoint" : EndPointCollection.ToString(endPoint);

    [LoggerMessage(EventId = 40, EventName = "RedisConnectionFailed", Level = LogLevel.Warning,
        Message = "Redis {ConnectionType} connection to {RedisEndPoint} failed ({FailureType}): {Reason}. Reconnecting; not logged again until it is restored")]
    private static partial void ConnectionFailed(ILogger logger, ConnectionType connectionType, string redisEndPoint, ConnectionFailureType failureType, string reason);

    [LoggerMessage(EventId = 46, EventName = "RedisNotConnectedAtStart", Level = LogLevel.Warning,
        Message = "Redis {ConnectionType} connection to {RedisEndPoint} could not be made at start ({FailureType}): {Reason}. The gateway runs without Redis meanwhile (prices reach WebSocket clients, not Redis; /health reports Redis Unhealthy) and keeps trying to connect; not logged again until it is connected")]
    private static partial void NotConnectedAtStart(ILogger logger, ConnectionType connectionType, string redisEndPoint, ConnectionFailureType failureType, string reason);

    [LoggerMessage(EventId = 41, EventName = "RedisConnectionRestored", Level = LogLevel.Information,
        Message = "Redis {ConnectionType} connection to {RedisEndPoint} restored after {OutageSeconds} s")]
    private static partial void ConnectionRestored(ILogger logger, ConnectionType connectionType, string redisEndPoint, double outageSeconds);

    [LoggerMessage(EventId = 42, EventName = "RedisInternalError", Level = LogLevel.Error,
        Message = "Redis client internal error in {Origin} on {RedisConnection}: {Reason}")]
    private static partial void InternalError(ILogger logger, Exception? exception, string origin, string redisConnection, string reason);

    [LoggerMessage(EventId = 43, EventName = "RedisInternalErrorRepeated", Level = LogLevel.Error,
        Message = "Redis client internal error in {Origin} on {RedisConnection}: {Reason} ({RepeatsNotLogged} more like it since the previous line, not logged)")]
    private static partial void InternalErrorRepeated(ILogger logger, Exception? exception, string origin, string redisConnection, string reason, int repeatsNotLogged);

    [LoggerMessage(EventId = 44, EventName = "RedisErrorReply", Level = LogLevel.Warning,
        Message = "Redis {RedisEndPoint} replied with an error: {ErrorReply}")]
    private static partial void ErrorReply(ILogger logger, string redisEndPoint, string errorReply);

    [LoggerMessage(EventId = 45, EventName = "RedisErrorReplyRepeated", Level = LogLevel.Warning,
        Message = "Redis {RedisEndPoint} replied with an error: {ErrorReply} ({RepeatsNotLogged} more like it since the previous line, not logged)")]
    private static partial void ErrorReplyRepeated(ILogger logger, string redisEndPoint, string errorReply, int repeatsNotLogged);
}
