using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Configuration;

namespace TradingAspire.Hosting.Orchestration.Ports;

/// <summary>
/// Gives every endpoint its address before anything starts: the declared (or configured) port when free; when taken,
/// a free one in Development (with a warning naming the owner) or a startup error naming the owner and the fix.
/// Ports stay fixed for the life of the application, so restarts re-inject the same endpoints.
/// </summary>
public sealed class PortAllocator(AppHostOptions options, IConfiguration configuration, IHostEnvironment environment, ILogger<PortAllocator> logger)
{
    private readonly HashSet<int> _allocated = [];

    /// <summary>Allocates every endpoint of every resource; returns the problems that stop startup.</summary>
    public IReadOnlyList<string> AllocateAll(IEnumerable<IResource> resources)
    {
        var errors = new List<string>();
        foreach (var resource in resources)
        {
            var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
            for (var index = 0; index < endpoints.Count; index++)
            {
                var endpoint = endpoints[index];
                if (endpoint.AllocatedEndpoint is not null)
                {
                    continue;
                }

                var configured = index == 0 ? configuration.GetValue<int?>($"Resources:{resource.Name}:Port") : null;
                if (Allocate(resource, endpoint, configured ?? endpoint.Port) is { } error)
                {
                    errors.Add(error);
                }
            }
        }

        return errors;
    }

    private string? Allocate(IResource resource, EndpointAnnotation endpoint, int? desired)
    {
        if (desired is null || options.RandomizePorts)
        {
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, "127.0.0.1", FreePort());
            return null;
        }

        if (!_allocated.Contains(desired.Value) && IsFree(desired.Value))
        {
            _allocated.Add(desired.Value);
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, "127.0.0.1", desired.Value);
            return null;
        }

        var owner = _allocated.Contains(desired.Value) ? "another resource of this AppHost" : DescribeOwner(desired.Value);
        var pickFree = options.PortConflict == "PickFree" || (options.PortConflict is null && environment.IsDevelopment());
        if (pickFree)
        {
            var port = FreePort();
            logger.LogWarning(
                "Port {Port} for {Resource} ({Endpoint}) is taken by {Owner}; using free port {FreePort} instead. To keep {Port}, stop that process or set Resources__{Resource}__Port.",
                desired, resource.Name, endpoint.Name, owner, port, desired, resource.Name);
            endpoint.AllocatedEndpoint = new AllocatedEndpoint(endpoint.UriScheme, "127.0.0.1", port);
            return null;
        }

        return $"Port {desired} for resource '{resource.Name}' (endpoint '{endpoint.Name}') is already in use by {owner}. " +
               $"Stop that process, or choose another port with Resources__{resource.Name}__Port=<port>, or set AppHost__PortConflict=PickFree.";
    }

    private static string DescribeOwner(int port) => PortOwnerLookup.FindListener(port) is { } owner
        ? $"pid {owner.Pid} ({owner.Command}; stop it with: kill {owner.Pid})"
        : "a process this user cannot see";

    private int FreePort()
    {
        while (true)
        {
            using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            if (_allocated.Add(port))
            {
                return port;
            }
        }
    }

    /// <summary>True when nothing listens on the port on loopback or on any address.</summary>
    public static bool IsFree(int port)
    {
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.Any })
        {
            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                socket.Bind(new IPEndPoint(address, port));
            }
            catch (SocketException)
            {
                return false;
            }
        }

        return true;
    }
}
