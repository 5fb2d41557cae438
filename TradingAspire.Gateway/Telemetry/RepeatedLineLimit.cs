namespace TradingAspire.Gateway.Telemetry;

/// <summary>
/// Bounds a log line that can repeat at any rate: of the lines of one kind, the first is logged, then at most one per
/// <see cref="Window"/>; those in between are counted, and the next line logged says how many were not. Not
/// thread-safe: the caller holds its lock.
/// </summary>
/// <param name="window">The least time between two logged lines of one kind.</param>
internal sealed class RepeatedLineLimit(TimeSpan window)
{
    // Per kind: when its last line was logged, and how many of its kind were not logged since.
    private readonly Dictionary<string, (DateTimeOffset LoggedAt, int NotLogged)> _kinds = new(StringComparer.Ordinal);

    /// <summary>The least time between two logged lines of one kind.</summary>
    public TimeSpan Window => window;

    /// <summary>
    /// Whether a line of <paramref name="kind"/> occurring at <paramref name="now"/> is logged; when it is,
    /// <paramref name="notLogged"/> is the number of lines of its kind not logged since the previous one (0 for the first).
    /// </summary>
    public bool TryLog(string kind, DateTimeOffset now, out int notLogged)
    {
        if (_kinds.TryGetValue(kind, out var last) && now - last.LoggedAt < window)
        {
            _kinds[kind] = last with { NotLogged = last.NotLogged + 1 };
            notLogged = 0;
            return false;
        }

        notLogged = last.NotLogged;
        _kinds[kind] = (now, 0);
        return true;
    }
}
