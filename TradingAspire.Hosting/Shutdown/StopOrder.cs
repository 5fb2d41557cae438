namespace TradingAspire.Hosting;

/// <summary>The order the ordered shutdown stops resources in: reverse wait order, as waves that stop concurrently.</summary>
internal static class StopOrder
{
    /// <summary>The Aspire dashboard's resource name: it receives every service's telemetry, so it stops last.</summary>
    internal const string DashboardName = "aspire-dashboard";

    /// <summary>
    /// Waves of <paramref name="resources"/>: the first holds the resources nothing waits for; each later one the
    /// resources only earlier waves (transitively, through parents and non-process resources) waited for. A cycle (which
    /// the model check refuses at start) ends up in one last wave. The dashboard comes after all of them: a service
    /// flushes its telemetry to it while stopping, and one whose dashboard is gone waits for its export timeout.
    /// </summary>
    public static IEnumerable<List<IResource>> Waves(IReadOnlyCollection<IResource> resources)
    {
        var dashboard = resources.Where(r => r.Name == DashboardName).ToList();
        foreach (var wave in DependencyWaves(resources.Except(dashboard, ReferenceEqualityComparer.Instance).Cast<IResource>().ToList()))
        {
            yield return wave;
        }

        if (dashboard.Count > 0)
        {
            yield return dashboard;
        }
    }

    private static IEnumerable<List<IResource>> DependencyWaves(IReadOnlyCollection<IResource> resources)
    {
        var dependsOn = new Dictionary<IResource, HashSet<IResource>>(ReferenceEqualityComparer.Instance);
        foreach (var resource in resources)
        {
            dependsOn[resource] = Closure(resource);
        }

        var remaining = resources.ToList();
        while (remaining.Count > 0)
        {
            var wave = remaining.Where(r => !remaining.Any(o => !ReferenceEquals(o, r) && dependsOn[o].Contains(r))).ToList();
            if (wave.Count == 0)
            {
                wave = remaining;
            }

            yield return wave;
            remaining = remaining.Except(wave, ReferenceEqualityComparer.Instance).Cast<IResource>().ToList();
        }
    }

    private static HashSet<IResource> Closure(IResource resource)
    {
        var seen = new HashSet<IResource>(ReferenceEqualityComparer.Instance);
        var stack = new Stack<IResource>([resource]);
        while (stack.TryPop(out var current))
        {
            foreach (var edge in WaitGraph.DependenciesOf(current).Where(e => seen.Add(e.To)))
            {
                stack.Push(edge.To);
            }
        }

        return seen;
    }
}
