using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Logs a health check's status when it changes, not at every run: the background run of the checks (once a second,
/// <see cref="Extensions.AddDefaultHealthChecks"/>) publishes each report here. A check that turns Unhealthy logs one
/// error with the reason (its description, else its exception's message; the exception attached), one that turns
/// Degraded one warning, and one that turns Healthy one information line saying for how long it was not (since it was
/// last Healthy, or since the first run). At the first run a Healthy check logs nothing and another one warning (a
/// service starting beside its dependencies: the gateway waiting for the migrations); one still Unhealthy
/// <see cref="StartGracePeriod"/> later logs one error then (a wrong password, a dependency that never came). A reason
/// that changes while the status stays Unhealthy or Degraded (Redis refusing connections, then refusing the password) is
/// logged as one warning, each different reason once while the status lasts and at most
/// <see cref="ReasonsLoggedPerStatus"/> of them, reasons compared with their digits masked: a count or an age in the
/// description ("heartbeat 17 s old") is not a new reason, and a check alternating between two reasons every run logs
/// each once, not a line a second. ASP.NET Core's own line per check and run (category
/// <see cref="PerRunCategory"/>, an error a second per failing check during an outage) is off by default.
/// </summary>
/// <param name="timeProvider">The clock that measures how long a check was not Healthy.</param>
/// <param name="loggerFactory">Makes the logger of category <see cref="Category"/>, where the lines go.</param>
public sealed partial class HealthCheckStatusLog(TimeProvider timeProvider, ILoggerFactory loggerFactory) : IHealthCheckPublisher
{
    /// <summary>
    /// The log category of the status lines, outside <c>Microsoft.*</c> so that a <c>Logging:LogLevel:Microsoft=Warning</c>
    /// setting does not hide the recovery lines.
    /// </summary>
    public const string Category = "TradingAspire.HealthChecks";

    /// <summary>How long a check not Healthy at the first run may stay Unhealthy before that is logged as an error: 60 s.</summary>
    public static readonly TimeSpan StartGracePeriod = TimeSpan.FromSeconds(60);

    /// <summary>
    /// The log category of ASP.NET Core's <c>DefaultHealthCheckService</c>, which logs every run of every check (an
    /// Unhealthy result at Error, a Degraded one at Warning). <see cref="Extensions.AddDefaultHealthChecks"/> turns it
    /// off unless configuration sets its level (<c>Logging__LogLevel__Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService=Debug</c>).
    /// </summary>
    public const string PerRunCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>The most reasons logged while a check stays in one status, the one logged with the status included: 5.</summary>
    public const int ReasonsLoggedPerStatus = 5;

    private readonly ILogger _logger = loggerFactory.CreateLogger(Category);

    // Per check: its last status, since when it has not been Healthy, whether it has been so since the first run (an error
    // not yet logged), and the reasons logged in this status, digits masked.
    private readonly Dictionary<string, (HealthStatus Status, DateTimeOffset NotHealthySince, bool SinceStart, HashSet<string> Reasons)> _last =
        new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <inheritdoc />
    public Task PublishAsync(HealthReport report, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        lock (_gate)
        {
            foreach (var (name, entry) in report.Entries)
            {
                var known = _last.TryGetValue(name, out var last);
                var reason = entry.Description ?? entry.Exception?.Message ?? "no reason given";
                var masked = Digits().Replace(reason, "#");
                if (known && last.Status == entry.Status)
                {
                    if (last.SinceStart && entry.Status == HealthStatus.Unhealthy && now - last.NotHealthySince >= StartGracePeriod)
                    {
                        _last[name] = last with { SinceStart = false };
                        last.Reasons.Add(masked);
                        StillUnhealthyAfterStart(_logger, entry.Exception, name, Math.Round((now - last.NotHealthySince).TotalSeconds), reason);
                    }
                    else if (entry.Status != HealthStatus.Healthy && last.Reasons.Count < ReasonsLoggedPerStatus && last.Reasons.Add(masked))
                    {
                        ReasonChanged(_logger, entry.Exception, name, entry.Status, reason);
                    }

                    continue;
                }

                var notHealthySince = known && last.Status != HealthStatus.Healthy ? last.NotHealthySince : now;
                _last[name] = (entry.Status, notHealthySince, !known && entry.Status != HealthStatus.Healthy, [masked]);
                switch (entry.Status)
                {
                    case not HealthStatus.Healthy when !known:
                        NotHealthyAtStart(_logger, entry.Exception, name, entry.Status, reason);
                        break;
                    case HealthStatus.Unhealthy:
                        TurnedUnhealthy(_logger, entry.Exception, name, reason);
                        break;
                    case HealthStatus.Degraded:
                        TurnedDegraded(_logger, name, reason);
                        break;
                    case HealthStatus.Healthy when known:
                        TurnedHealthy(_logger, name, last.Status, Math.Round((now - last.NotHealthySince).TotalSeconds, 1));
                        break;
                }
            }

            foreach (var gone in _last.Keys.Where(name => !report.Entries.ContainsKey(name)).ToList())
            {
                _last.Remove(gone);
            }
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(EventId = 1, EventName = "HealthCheckUnhealthy", Level = LogLevel.Error,
        Message = "Health check {HealthCheckName} is Unhealthy: {HealthCheckDescription}")]
    private static partial void TurnedUnhealthy(ILogger logger, Exception? exception, string healthCheckName, string healthCheckDescription);

    [LoggerMessage(EventId = 2, EventName = "HealthCheckDegraded", Level = LogLevel.Warning,
        Message = "Health check {HealthCheckName} is Degraded: {HealthCheckDescription}")]
    private static partial void TurnedDegraded(ILogger logger, string healthCheckName, string healthCheckDescription);

    [LoggerMessage(EventId = 3, EventName = "HealthCheckHealthy", Level = LogLevel.Information,
        Message = "Health check {HealthCheckName} is Healthy after {Seconds} s not Healthy (last {PreviousHealthStatus})")]
    private static partial void TurnedHealthy(ILogger logger, string healthCheckName, HealthStatus previousHealthStatus, double seconds);

    [LoggerMessage(EventId = 4, EventName = "HealthCheckNotHealthyAtStart", Level = LogLevel.Warning,
        Message = "Health check {HealthCheckName} is {HealthStatus} at start: {HealthCheckDescription}")]
    private static partial void NotHealthyAtStart(ILogger logger, Exception? exception, string healthCheckName, HealthStatus healthStatus, string healthCheckDescription);

    [LoggerMessage(EventId = 5, EventName = "HealthCheckStillUnhealthyAfterStart", Level = LogLevel.Error,
        Message = "Health check {HealthCheckName} is still Unhealthy {Seconds} s after start: {HealthCheckDescription}")]
    private static partial void StillUnhealthyAfterStart(ILogger logger, Exception? exception, string healthCheckName, double seconds, string healthCheckDescription);

    [LoggerMessage(EventId = 6, EventName = "HealthCheckReasonChanged", Level = LogLevel.Warning,
        Message = "Health check {HealthCheckName} is still {HealthStatus}, now: {HealthCheckDescription}")]
    private static partial void ReasonChanged(ILogger logger, Exception? exception, string healthCheckName, HealthStatus healthStatus, string healthCheckDescription);

    [GeneratedRegex(@"\d+")]
    private static partial Regex Digits();
}
