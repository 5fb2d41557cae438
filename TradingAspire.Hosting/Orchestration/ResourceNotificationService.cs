using Microsoft.Extensions.Diagnostics.HealthChecks;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>
/// The single source of resource state. Publishers replace a resource's immutable snapshot; subscribers get every
/// current snapshot first, then each change, in order.
/// </summary>
public sealed class ResourceNotificationService
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ResourceEvent> _current = new(StringComparer.OrdinalIgnoreCase);
    private readonly Subscribers<ResourceEvent> _subscribers = new();
    private long _version;

    /// <summary>Adds a resource with its initial snapshot (replacing any earlier registration).</summary>
    public void Register(IResource resource, ResourceSnapshot initial) => Publish(resource, _ => initial);

    /// <summary>The current snapshot of a resource, or null when unknown.</summary>
    public ResourceSnapshot? GetCurrent(string resourceName)
    {
        lock (_gate)
        {
            return _current.TryGetValue(resourceName, out var current) ? current.Snapshot : null;
        }
    }

    /// <summary>Current snapshots of all resources, in registration order.</summary>
    public IReadOnlyList<ResourceEvent> GetAll()
    {
        lock (_gate)
        {
            return _current.Values.OrderBy(e => e.Snapshot.Name, StringComparer.Ordinal).ToList();
        }
    }

    /// <summary>Replaces the snapshot of <paramref name="resource"/> with <paramref name="update"/>(current).</summary>
    public Task PublishUpdateAsync(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        Publish(resource, update);
        return Task.CompletedTask;
    }

    /// <summary>Every current snapshot, then every change until cancelled.</summary>
    public IAsyncEnumerable<ResourceEvent> WatchAsync(CancellationToken cancellationToken = default)
        => _subscribers.WatchAsync(_gate, () => _current.Values.ToList(), cancellationToken);

    /// <summary>Waits until the resource's snapshot satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceEvent> WaitForResourceAsync(string resourceName, Func<ResourceEvent, bool> predicate, CancellationToken cancellationToken = default)
    {
        await foreach (var resourceEvent in WatchAsync(cancellationToken).ConfigureAwait(false))
        {
            if (string.Equals(resourceEvent.Resource.Name, resourceName, StringComparison.OrdinalIgnoreCase) && predicate(resourceEvent))
            {
                return resourceEvent;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        throw new InvalidOperationException("The notification stream ended.");
    }

    /// <summary>Waits until the resource reaches <paramref name="targetState"/> (a <see cref="KnownResourceStates"/> value).</summary>
    public Task<ResourceEvent> WaitForResourceAsync(string resourceName, string targetState, CancellationToken cancellationToken = default)
        => WaitForResourceAsync(resourceName, e => e.Snapshot.State == targetState, cancellationToken);

    /// <summary>
    /// Waits until the resource is Running and Healthy. Throws <see cref="DistributedApplicationException"/> when it
    /// reaches a terminal state instead (FailedToStart, Exited, Finished), with the reason.
    /// </summary>
    public async Task<ResourceEvent> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var resourceEvent = await WaitForResourceAsync(
            resourceName,
            e => e.Snapshot.IsHealthy || KnownResourceStates.TerminalStates.Contains(e.Snapshot.State),
            cancellationToken).ConfigureAwait(false);
        if (!resourceEvent.Snapshot.IsHealthy)
        {
            throw new DistributedApplicationException(
                $"Resource '{resourceName}' will not become healthy: it is {resourceEvent.Snapshot.State}" +
                (resourceEvent.Snapshot.StateDetail is { } detail ? $" ({detail})" : "") + ".");
        }

        return resourceEvent;
    }

    private void Publish(IResource resource, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        lock (_gate)
        {
            var previous = _current.TryGetValue(resource.Name, out var current)
                ? current.Snapshot
                : new ResourceSnapshot { Name = resource.Name, ResourceType = ResourceTypeNames.Of(resource) };
            var next = update(previous) with { Version = ++_version };
            if (next.State != KnownResourceStates.Running)
            {
                next = next.HealthStatus is null ? next : next with { HealthStatus = null };
            }

            var resourceEvent = new ResourceEvent(resource, next);
            _current[resource.Name] = resourceEvent;
            _subscribers.Publish(resourceEvent);
        }
    }
}
