using System.Collections.Concurrent;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// Errors of a soak run by kind ("POST /api/trades 503: {first 120 characters of the body}", "GET /api/positions
/// HttpRequestException: ...", "/ws/market closed: ..."), counted, so that the end of the run can print "0 errors" or
/// each kind with its count. Thread-safe.
/// </summary>
internal sealed class ErrorTally
{
    private readonly ConcurrentDictionary<string, int> _counts = new();

    /// <summary>All errors so far.</summary>
    public int Total => _counts.Values.Sum();

    /// <summary>Counts one error of <paramref name="kind"/> (bodies are cut to 120 characters so that kinds group).</summary>
    public void Add(string kind) => _counts.AddOrUpdate(kind.Length > 160 ? kind[..160] : kind, 1, (_, n) => n + 1);

    /// <summary>"0 errors", or "N errors: {count} × {kind}; ..." with the most frequent first.</summary>
    public string Describe()
        => Total == 0
            ? "0 errors"
            : $"{Total} errors: {string.Join("; ", _counts.OrderByDescending(p => p.Value).Select(p => $"{p.Value} × {p.Key}"))}";
}
