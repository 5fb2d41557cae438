using System.Collections.Concurrent;

namespace TradingAspire.Hosting;

/// <summary>The names of the health check registrations that have reported Healthy at least once in this AppHost's run.</summary>
internal sealed class ReadyHealthChecks
{
    private readonly ConcurrentDictionary<string, bool> _ready = new(StringComparer.Ordinal);

    public bool HasBeenHealthy(string registrationName) => _ready.ContainsKey(registrationName);

    public void MarkHealthy(string registrationName) => _ready.TryAdd(registrationName, true);
}
