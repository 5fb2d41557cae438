namespace TradingAspire.Hosting;

/// <summary>
/// What each resource waits for before it starts: the targets of its <see cref="WaitAnnotation"/>s and its parent (a
/// database is up only when its server is). Used by the model check (cycles) and the ordered shutdown (dependents first).
/// </summary>
internal static class WaitGraph
{
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
