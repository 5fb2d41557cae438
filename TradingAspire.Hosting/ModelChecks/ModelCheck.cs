namespace TradingAspire.Hosting;

/// <summary>
/// Finds the mistakes in an application model that make Aspire wait forever instead of failing: a cycle of waits
/// (<c>a.WaitFor(b)</c>, <c>b.WaitFor(a)</c>, through parents too) and a wait, reference or parent that names a resource
/// which is not in the model. Each problem is one sentence naming the resources and the fix.
/// </summary>
internal static class ModelCheck
{
    /// <summary>The problems of <paramref name="resources"/> (the whole model), cycles first; empty when there are none.</summary>
    public static IReadOnlyList<string> FindProblems(IReadOnlyCollection<IResource> resources)
    {
        var problems = new List<string>();
        problems.AddRange(FindCycles(resources));
        problems.AddRange(FindMissing(resources));
        return problems;
    }

    private static IEnumerable<string> FindCycles(IReadOnlyCollection<IResource> resources)
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
                        cycles.Add(Describe(cycle));
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

    private static string Describe(List<WaitEdge> cycle)
    {
        var steps = string.Concat(cycle.Select(e => e.IsParent ? $" → {e.To.Name} (its parent)" : $" → {e.To.Name}"));
        var waits = cycle.Where(e => !e.IsParent).Select(e => $"{e.From.Name}.WaitFor({e.To.Name})");
        return $"WaitFor cycle: {cycle[0].From.Name}{steps}. Each waits for the next, so none would ever start. " +
               $"Remove one of these waits in the AppHost: {string.Join(", ", waits)}.";
    }

    private static IEnumerable<string> FindMissing(IReadOnlyCollection<IResource> resources)
    {
        var names = resources.Select(r => r.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        bool Missing(IResource other) => !names.Contains(other.Name);
        const string Fix = "add it to the model with builder.Add…(\"{0}\") or remove the {1}";

        foreach (var resource in resources)
        {
            if (resource is IResourceWithParent { Parent: { } parent } && Missing(parent))
            {
                yield return $"'{resource.Name}' has the parent '{parent.Name}', which is not in the application model: " +
                             string.Format(System.Globalization.CultureInfo.InvariantCulture, Fix, parent.Name, $"resource '{resource.Name}'") + ".";
            }

            foreach (var wait in resource.Annotations.OfType<WaitAnnotation>().Where(w => Missing(w.Resource)))
            {
                yield return $"'{resource.Name}' waits for '{wait.Resource.Name}' ({wait.WaitType}), which is not in the application model, " +
                             $"so '{resource.Name}' would wait forever: " +
                             string.Format(System.Globalization.CultureInfo.InvariantCulture, Fix, wait.Resource.Name, $"{resource.Name}.WaitFor({wait.Resource.Name})") + ".";
            }

            foreach (var reference in resource.Annotations.OfType<ResourceRelationshipAnnotation>()
                         .Where(r => Missing(r.Resource) && r.Type != "WaitFor" // a wait's own relationship: named above
                             && !(resource is IResourceWithParent { Parent: { } p } && ReferenceEquals(p, r.Resource))) // the parent: named above
                         .DistinctBy(r => r.Resource.Name, StringComparer.OrdinalIgnoreCase))
            {
                yield return $"'{resource.Name}' references '{reference.Resource.Name}' ({reference.Type}), which is not in the application model: " +
                             string.Format(System.Globalization.CultureInfo.InvariantCulture, Fix, reference.Resource.Name,
                                 reference.Type == "Reference" ? $"{resource.Name}.WithReference({reference.Resource.Name})" : $"'{reference.Type}' relationship") + ".";
            }
        }
    }
}
