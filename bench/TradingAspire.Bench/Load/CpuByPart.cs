using System.Globalization;
using TradingAspire.Bench.Startup;

namespace TradingAspire.Bench.Load;

/// <summary>
/// CPU time of every process of a run, grouped by what it is, between <see cref="Start"/> and <see cref="Stop"/>: where
/// a phase of the load benchmark spends the machine's 2 cores. Parts: gateway, trading-api (uvicorn and its workers),
/// postgres, redis, strategy, trading-ui, dashboard, dcp, apphost, dotnet-run, other; plus this benchmark process
/// itself ("bench", the order client) and wrk when it ran.
/// </summary>
internal sealed class CpuByPart
{
    private readonly Func<List<RunProcess>> _processes;
    private readonly int _appHostPid;
    private Dictionary<(int Pid, long Start), (string Part, double Cpu)> _before = [];
    private double _benchBefore;
    private DateTime _started;

    public CpuByPart(Func<List<RunProcess>> processes, int appHostPid)
    {
        _processes = processes;
        _appHostPid = appHostPid;
    }

    public void Start()
    {
        _before = Read();
        _benchBefore = ProcessTable.CpuSeconds(Environment.ProcessId);
        _started = DateTime.UtcNow;
    }

    /// <summary>
    /// "part cores, ..." (CPU seconds / wall seconds, largest first), with <paramref name="wrkCpuSeconds"/> when given;
    /// with <paramref name="requestsPerSecond"/> (the phase's rate) each part also shows its CPU per request in ms
    /// (cores / rate).
    /// </summary>
    public string Stop(double? wrkCpuSeconds = null, double? requestsPerSecond = null)
    {
        var wall = (DateTime.UtcNow - _started).TotalSeconds;
        var parts = new Dictionary<string, double>();
        foreach (var (key, (part, cpu)) in Read())
        {
            parts[part] = parts.GetValueOrDefault(part) + cpu - (_before.TryGetValue(key, out var before) ? before.Cpu : 0);
        }

        parts["bench"] = ProcessTable.CpuSeconds(Environment.ProcessId) - _benchBefore;
        if (wrkCpuSeconds is { } wrk)
        {
            parts["wrk"] = wrk;
        }

        var total = parts.Values.Sum();
        return string.Create(CultureInfo.InvariantCulture,
            $"{total / wall:0.00} cores in all: {string.Join(", ", parts.Where(p => p.Value / wall >= 0.005).OrderByDescending(p => p.Value).Select(p => $"{p.Key} {p.Value / wall:0.00}{PerRequest(p.Value / wall)}"))}");

        string PerRequest(double cores) => requestsPerSecond is > 0 ? string.Create(CultureInfo.InvariantCulture, $" ({cores / requestsPerSecond.Value * 1000:0.000} ms/request)") : "";
    }

    private Dictionary<(int, long), (string, double)> Read()
    {
        var result = new Dictionary<(int, long), (string, double)>();
        foreach (var process in _processes())
        {
            try
            {
                result[(process.Pid, process.StartTicks)] = (PartOf(process, _appHostPid), ProcessTable.CpuSeconds(process.Pid));
            }
            catch (IOException)
            {
                // exited in between
            }
        }

        return result;
    }

    /// <summary>The part of the system <paramref name="process"/> belongs to (gateway, trading-api, postgres, ..., dashboard, dcp, apphost).</summary>
    public static string PartOf(RunProcess process, int appHostPid)
    {
        var command = process.CommandLine;
        return process.Part(appHostPid) switch
        {
            "services" when command.Contains("TradingAspire.Gateway", StringComparison.Ordinal) => "gateway",
            "services" when command.Contains("uvicorn", StringComparison.Ordinal) || command.Contains("multiprocessing", StringComparison.Ordinal) => "trading-api",
            "services" when command.Contains("/postgres", StringComparison.Ordinal) || command.StartsWith("postgres", StringComparison.Ordinal) => "postgres",
            "services" when command.Contains("redis-server", StringComparison.Ordinal) => "redis",
            "services" when command.Contains("-m strategy", StringComparison.Ordinal) => "strategy",
            "services" when command.Contains("vite", StringComparison.Ordinal) || command.Contains("npm", StringComparison.Ordinal) => "trading-ui",
            "services" => "other",
            var part => part,
        };
    }
}
