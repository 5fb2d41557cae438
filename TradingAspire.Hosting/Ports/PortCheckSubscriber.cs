using System.Collections.Concurrent;
using Aspire.Hosting.Eventing;

namespace TradingAspire.Hosting;

/// <summary>
/// Fails a resource whose fixed port is already taken; otherwise DCP's proxy cannot listen, says nothing a user sees, and
/// the resource shows Running with a URL that reaches the other process. Ports are looked at on <see cref="BeforeStartEvent"/>,
/// before DCP's proxies listen (a proxy is never mistaken for the owner). With <c>DcpPublisher:RandomizePorts</c>
/// (Aspire.Hosting.Testing, <c>aspire start --isolated</c>) proxies listen on random ports: proxied endpoints are not checked.
/// </summary>
internal sealed class PortCheckSubscriber(ILogger<PortCheckSubscriber> logger, IConfiguration configuration) : RunModeSubscriber
{
    private readonly ConcurrentDictionary<IResource, List<(PortListener Listener, string Message)>> _conflicts = new();

    protected override void BeforeStart(DistributedApplicationModel model)
    {
        var randomized = configuration.GetValue<bool>("DcpPublisher:RandomizePorts");
        var conflicts = from resource in model.Resources
                        from endpoint in resource.Annotations.OfType<EndpointAnnotation>().Where(e => e.Port is > 0 && !(randomized && e.IsProxied))
                        from listener in PortListeners.On(endpoint.Port!.Value)
                        select (resource, listener, Message: Describe(resource, endpoint, listener));
        foreach (var (resource, listener, message) in conflicts)
        {
            _conflicts.GetOrAdd(resource, _ => []).Add((listener, message));
            logger.LogError("{Message}", message);
        }
    }

    protected override void Subscribe(IDistributedApplicationEventing eventing)
        => eventing.Subscribe<BeforeResourceStartedEvent>((e, _) =>
        {
            if (_conflicts.TryGetValue(e.Resource, out var conflicts))
            {
                // Only while the process seen at start still listens: once it is gone, a start from the dashboard works.
                var current = conflicts.Where(c => PortListeners.On(c.Listener.Port).Any(l => l.Pid == c.Listener.Pid)).ToList();
                if (current.Count > 0)
                {
                    throw ExecutableInstallCheck.StartFailure(e.Services, e.Resource, string.Join(Environment.NewLine, current.Select(c => c.Message)));
                }

                _conflicts.TryRemove(e.Resource, out var _);
            }

            return Task.CompletedTask;
        });

    internal static string Describe(IResource resource, EndpointAnnotation endpoint, PortListener listener)
        => $"Port {listener.Port} of '{resource.Name}' (endpoint '{endpoint.Name}') is already taken on {listener.Address} by {listener.Owner}. " +
           $"Stop that process (kill {(listener.Pid > 0 ? listener.Pid : "<pid>")}), or move the endpoint: change port {listener.Port} of " +
           $"'{resource.Name}' (endpoint '{endpoint.Name}') in the AppHost's Program.cs to a free port, then start '{resource.Name}' again.";
}
