using System.Diagnostics;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// When each expected resource of an AppHost run first reached its goal: Finished with exit code 0 for run-once
/// resources, Running and Healthy for the others; seconds since the AppHost process was started.
/// </summary>
internal sealed class StartupTimeline(IReadOnlyCollection<string> expected, IReadOnlyCollection<string> runOnce, Stopwatch clock)
{
    private readonly Dictionary<string, double> _ready = [];
    private readonly Dictionary<string, double> _running = [];
    private readonly HashSet<string> _seen = [];
    private readonly Dictionary<string, IReadOnlyDictionary<string, string>> _urls = [];
    private readonly object _gate = new();

    /// <summary>Set when a resource failed (exited, failed to start, finished with a non-zero code).</summary>
    public string? Failure { get; private set; }

    /// <summary>Every resource name seen in the AppHost's updates.</summary>
    public IReadOnlyCollection<string> Seen { get { lock (_gate) { return _seen.ToList(); } } }

    /// <summary>True once every expected resource reached its goal.</summary>
    public bool Complete { get { lock (_gate) { return expected.All(_ready.ContainsKey); } } }

    /// <summary>Seconds from process start to each expected resource's goal.</summary>
    public IReadOnlyDictionary<string, double> Ready { get { lock (_gate) { return new Dictionary<string, double>(_ready); } } }

    /// <summary>Seconds from process start to each resource's first Running state.</summary>
    public IReadOnlyDictionary<string, double> Running { get { lock (_gate) { return new Dictionary<string, double>(_running); } } }

    /// <summary>The URL of <paramref name="resource"/>'s endpoint <paramref name="endpoint"/> as last published.</summary>
    public Uri Url(string resource, string endpoint)
    {
        lock (_gate)
        {
            return _urls.TryGetValue(resource, out var urls) && urls.TryGetValue(endpoint, out var url)
                ? new Uri(url)
                : throw new InvalidOperationException($"No '{endpoint}' URL published for '{resource}'.");
        }
    }

    public void Observe(ResourceUpdate update)
    {
        var now = clock.Elapsed.TotalSeconds;
        lock (_gate)
        {
            _seen.Add(update.Name);
            if (update.Urls.Count > 0)
            {
                _urls[update.Name] = update.Urls;
            }

            if (update.State == "Running")
            {
                _running.TryAdd(update.Name, now);
            }

            if (!expected.Contains(update.Name) || _ready.ContainsKey(update.Name))
            {
                return;
            }

            if (runOnce.Contains(update.Name))
            {
                if (update.State == "Finished" && update.ExitCode == "0")
                {
                    _ready[update.Name] = now;
                }
                else if (update.State is "Finished" or "Exited" or "FailedToStart")
                {
                    Failure ??= $"{update.Name} {update.State} (exit code {update.ExitCode})";
                }
            }
            else if (update.State == "Running" && update.Health == "Healthy")
            {
                _ready[update.Name] = now;
            }
            else if (update.State is "Finished" or "Exited" or "FailedToStart")
            {
                Failure ??= $"{update.Name} {update.State} (exit code {update.ExitCode})";
            }
        }
    }
}
