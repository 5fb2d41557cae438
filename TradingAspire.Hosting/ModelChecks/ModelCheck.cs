namespace TradingAspire.Hosting;

/// <summary>
/// Before any process starts, finds the model mistakes that make Aspire wait forever: a cycle of waits (through parents
/// too), and a wait, reference or parent naming a resource not in the model. Each problem is a sentence naming the
/// resources and the fix; they are logged and thrown as a <see cref="DistributedApplicationException"/>.
/// </summary>
internal sealed class ModelCheck(ILogger<ModelCheck> logger) : RunModeSubscriber
{
    public static IReadOnlyList<string> FindProblems(IReadOnlyCollection<IResource> resources) => [.. FindCycles(resources), .. FindMissing(resources)];

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        var problems = FindProblems(model.Resources.ToList());
        if (problems.Count > 0)
        {
            var message = problems.Count == 1
                ? $"The application model cannot start: {problems[0]}"
                : $"The application model cannot start ({problems.Count} problems):{string.Concat(problems.Select(p => $"{Environment.NewLine}- {p}"))}";
            logger.LogCritical("{Message}", message);
            throw new DistributedApplicationException(message);
        }
    }

    private static List<string> FindCycles(IReadOnlyCollection<IResource> resources)
    {
        var state = new Dictionary<IResource, bool>(ReferenceEqualityComparer.Instance); // false: on the path, true: done
        var path = new List<WaitEdge>();
        var cycles = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);

        void Visit(IResource resource)
        {
            state[resource] = false;
            foreach (var edge in WaitGraph.DependenciesOf(resource))
            {
                if (!state.TryGetValue(edge.To, out var done))
                {
                    path.Add(edge);
                    Visit(edge.To);
                    path.RemoveAt(path.Count - 1);
                }
                else if (!done)
                {
                    var start = path.FindIndex(e => ReferenceEquals(e.From, edge.To));
                    var cycle = (start < 0 ? [] : path[start..]).Append(edge).ToList();
                    // The same cycle found from another member is reported once.
                    if (seen.Add(string.Join(',', cycle.Select(e => e.From.Name).Order(StringComparer.Ordinal))))
                    {
                        var steps = string.Concat(cycle.Select(e => e.IsParent ? $" → {e.To.Name} (its parent)" : $" → {e.To.Name}"));
                        var waits = cycle.Where(e => !e.IsParent).Select(e => $"{e.From.Name}.WaitFor({e.To.Name})");
                        cycles.Add($"WaitFor cycle: {cycle[0].From.Name}{steps}. Each waits for the next, so none would ever start. " +
                                   $"Remove one of these waits in the AppHost: {string.Join(", ", waits)}.");
                    }
                }
            }

            state[resource] = true;
        }

        foreach (var resource in resources.Where(r => !state.ContainsKey(r)))
        {
            Visit(resource);
        }

        return cycles;
    }

    private static IEnumerable<string> FindMissing(IReadOnlyCollection<IResource> resources)
    {
        var names = resources.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Missing(IResource other) => !names.Contains(other.Name);
        static string Fix(string name, string remove) => $"add it to the model with builder.Add…(\"{name}\") or remove the {remove}.";

        foreach (var resource in resources)
        {
            if (resource is IResourceWithParent { Parent: { } parent } && Missing(parent))
            {
                yield return $"'{resource.Name}' has the parent '{parent.Name}', which is not in the application model: {Fix(parent.Name, $"resource '{resource.Name}'")}";
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => Missing(w.Resource)))
            {
                yield return $"'{resource.Name}' waits for '{wait.Resource.Name}' ({wait.WaitType}), which is not in the application model, " +
                             $"so '{resource.Name}' would wait forever: {Fix(wait.Resource.Name, $"{resource.Name}.WaitFor({wait.Resource.Name})")}";
            }

            foreach (var reference in resource.Annotations.OfType<ResourceRelationshipAnnotation>()
                         .Where(r => Missing(r.Resource) && r.Type != "WaitFor" // a wait's own relationship: named above
                             && !(resource is IResourceWithParent { Parent: { } p } && ReferenceEquals(p, r.Resource))) // the parent: named above
                         .DistinctBy(r => r.Resource.Name, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"'{resource.Name}' references '{reference.Resource.Name}' ({reference.Type}), which is not in the application model: " +
                             Fix(reference.Resource.Name, reference.Type == "Reference" ? $"{resource.Name}.WithReference({reference.Resource.Name})" : $"'{reference.Type}' relationship");
            }
        }
    }
}
