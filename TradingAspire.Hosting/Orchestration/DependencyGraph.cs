using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// Who waits for whom, from <see cref="WaitAnnotation"/>s. Gives the start order (dependencies first) and the stop
/// order (dependents first); a cycle or an unknown dependency is reported with the resources involved.
/// </summary>
public sealed class DependencyGraph
{
    private readonly IReadOnlyList<IResource> _resources;
    private readonly Dictionary<IResource, IReadOnlyList<IResource>> _dependencies;

    private DependencyGraph(IReadOnlyList<IResource> resources, Dictionary<IResource, IReadOnlyList<IResource>> dependencies)
    {
        _resources = resources;
        _dependencies = dependencies;
    }

    /// <summary>Builds the graph, or returns the problems that make it invalid.</summary>
    public static (DependencyGraph? Graph, IReadOnlyList<string> Errors) Build(IReadOnlyList<IResource> resources)
    {
        var errors = new List<string>();
        var known = new HashSet<IResource>(resources);
        var dependencies = new Dictionary<IResource, IReadOnlyList<IResource>>();
        foreach (var resource in resources)
        {
            var waits = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource).Distinct().ToList();
            foreach (var dependency in waits.Where(d => !known.Contains(d)))
            {
                errors.Add($"Resource '{resource.Name}' waits for '{dependency.Name}', which is not in the application model. " +
                           $"Add '{dependency.Name}' to the builder or remove .WaitFor({dependency.Name}).");
            }

            foreach (var reference in resource.Annotations.OfType<ResourceRelationshipAnnotation>()
                         .Where(r => r.Type == "Reference" && !known.Contains(r.Resource)).Select(r => r.Resource).Distinct())
            {
                errors.Add($"Resource '{resource.Name}' references '{reference.Name}', which is not in the application model. " +
                           $"Add '{reference.Name}' to the builder or remove .WithReference({reference.Name}).");
            }

            dependencies[resource] = waits.Where(known.Contains).ToList();
        }

        var graph = new DependencyGraph(resources, dependencies);
        if (graph.FindCycle() is { } cycle)
        {
            errors.Add($"Dependency cycle: {string.Join(" → ", cycle.Select(r => r.Name))}. " +
                       "A resource cannot wait for itself through others; remove one of these WaitFor calls.");
        }

        return errors.Count == 0 ? (graph, errors) : (null, errors);
    }

    /// <summary>The direct dependencies of a resource.</summary>
    public IReadOnlyList<IResource> DependenciesOf(IResource resource) => _dependencies.GetValueOrDefault(resource) ?? [];

    /// <summary>The resources that directly wait for <paramref name="resource"/>.</summary>
    public IReadOnlyList<IResource> DependentsOf(IResource resource)
        => _resources.Where(r => DependenciesOf(r).Contains(resource)).ToList();

    /// <summary>Start order: every resource after its dependencies; ties keep declaration order.</summary>
    public IReadOnlyList<IResource> StartOrder()
    {
        var order = new List<IResource>();
        var placed = new HashSet<IResource>();
        while (order.Count < _resources.Count)
        {
            var next = _resources.First(r => !placed.Contains(r) && DependenciesOf(r).All(placed.Contains));
            order.Add(next);
            placed.Add(next);
        }

        return order;
    }

    /// <summary>Stop order: the reverse of the start order.</summary>
    public IReadOnlyList<IResource> StopOrder() => StartOrder().Reverse().ToList();

    private List<IResource>? FindCycle()
    {
        var state = new Dictionary<IResource, int>(); // 0 unvisited, 1 on the current path, 2 done
        var path = new List<IResource>();
        foreach (var resource in _resources)
        {
            if (Visit(resource) is { } cycle)
            {
                return cycle;
            }
        }

        return null;

        List<IResource>? Visit(IResource resource)
        {
            switch (state.GetValueOrDefault(resource))
            {
                case 1:
                    return [.. path.Skip(path.IndexOf(resource)), resource];
                case 2:
                    return null;
            }

            state[resource] = 1;
            path.Add(resource);
            foreach (var dependency in DependenciesOf(resource))
            {
                if (Visit(dependency) is { } cycle)
                {
                    return cycle;
                }
            }

            path.RemoveAt(path.Count - 1);
            state[resource] = 2;
            return null;
        }
    }
}
