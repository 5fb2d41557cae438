namespace TradingAspire.Hosting;

/// <summary>
/// What each resource waits for before it starts: the targets of its <see cref="WaitAnnotation"/>s and its parent (a
/// database is up only when its server is). Used by the model check (cycles) and the ordered shutdown (dependents first).
/// </summary>
internal static class WaitGraph
{
    /// <summary>
    /// <paramref name="resources"/> in layers: each holds those that depend (<paramref name="dependsOn"/>(resource, other))
    /// on none left after the earlier layers, so a layer may start once the earlier ones run; a cycle ends in one last layer.
    /// </summary>
    public static IEnumerable<List<IResource>> Layers(IEnumerable<IResource> resources, Func<IResource, IResource, bool> dependsOn)
    {
        var remaining = resources.ToList();
        while (remaining.Count > 0)
        {
            var layer = remaining.Where(r => !remaining.Any(o => !ReferenceEquals(o, r) && dependsOn(r, o))).ToList();
            layer = layer.Count == 0 ? remaining : layer;
            yield return layer;
            remaining = [.. remaining.Except(layer, ReferenceEqualityComparer.Instance).Cast<IResource>()];
        }
    }

    public static IEnumerable<WaitEdge> DependenciesOf(IResource resource)
    {
        if (resource is IResourceWithParent { Parent: { } parent })
        {
            yield return new WaitEdge(resource, parent, IsParent: true);
        }

        if (resource.TryGetAnnotationsOfType<WaitAnnotation>(out var waits))
        {
            // WaitFor(database) also adds a wait for its server: that one is implied by the database's parent edge.
            var implied = waits.Select(w => w.Resource).OfType<IResourceWithParent>().Select(c => c.Parent).ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var wait in waits.Where(w => !implied.Contains(w.Resource)))
            {
                yield return new WaitEdge(resource, wait.Resource, IsParent: false);
            }
        }
    }
}
