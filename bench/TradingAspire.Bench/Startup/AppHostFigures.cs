namespace TradingAspire.Bench.Startup;

/// <summary>One measured AppHost run: seconds to every resource up, each resource's time, memory by part (MiB).</summary>
/// <param name="Seconds">AppHost process start → the last expected resource up.</param>
/// <param name="Ready">Per resource: seconds from process start to its goal.</param>
/// <param name="Running">Per resource: seconds from process start to its first Running state.</param>
/// <param name="RssMiB">Per part (<see cref="RunProcess.Part"/>): summed RSS once every resource was up.</param>
/// <param name="PssMiB">Per part: summed PSS at the same moment.</param>
/// <param name="Processes">Per part: how many processes.</param>
internal sealed record AppHostFigures(double Seconds, IReadOnlyDictionary<string, double> Ready, IReadOnlyDictionary<string, double> Running,
    IReadOnlyDictionary<string, double> RssMiB, IReadOnlyDictionary<string, double> PssMiB, IReadOnlyDictionary<string, int> Processes)
{
    /// <summary>The parts that are Aspire itself: the AppHost process, DCP and the dashboard.</summary>
    public static readonly string[] Orchestration = ["apphost", "dcp", "dashboard"];

    /// <summary>
    /// Seconds from the first resource Running (the dashboard aside) to every resource up: the resources' own start
    /// chain, once Aspire's own start (AppHost, DCP) is done; comparable with the bare components' start (the floor).
    /// </summary>
    public double ChainSeconds => Seconds - Running.Where(r => r.Key != "aspire-dashboard").Select(r => r.Value).DefaultIfEmpty(0).Min();

    public double OrchestrationRssMiB => Orchestration.Sum(p => RssMiB.GetValueOrDefault(p));

    public double OrchestrationPssMiB => Orchestration.Sum(p => PssMiB.GetValueOrDefault(p));

    public static AppHostFigures From(double seconds, StartupTimeline timeline, List<RunProcess> tree, int appHostPid)
    {
        var parts = tree.GroupBy(p => p.Part(appHostPid)).ToList();
        return new AppHostFigures(seconds, timeline.Ready, timeline.Running,
            parts.ToDictionary(g => g.Key, g => g.Sum(p => p.RssKiB) / 1024.0),
            parts.ToDictionary(g => g.Key, g => g.Sum(p => p.PssKiB) / 1024.0),
            parts.ToDictionary(g => g.Key, g => g.Count()));
    }
}
