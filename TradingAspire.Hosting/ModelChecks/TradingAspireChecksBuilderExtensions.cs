using Aspire.Hosting.Lifecycle;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Aspire.Hosting;

/// <summary><c>AddTradingAspireChecks</c>: the start checks stock Aspire does not have.</summary>
public static class TradingAspireChecksBuilderExtensions
{
    /// <summary>
    /// Adds, in run mode, model checks before anything starts (a <c>WaitFor</c> cycle, parents included, or a wait,
    /// reference or parent naming a resource not in the model fails <c>StartAsync</c>/<c>Run</c> with a
    /// <see cref="DistributedApplicationException"/> naming the resources, where Aspire would wait forever), and a port
    /// check: a resource whose fixed port is already listened on (127.0.0.1, 0.0.0.0, ::1, ::) ends FailedToStart with a
    /// message naming the port, the owner's pid and command line, and the setting to change. Added once.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>var builder = DistributedApplication.CreateBuilder(args);
    /// builder.AddTradingAspireChecks();</code></example>
    public static IDistributedApplicationBuilder AddTradingAspireChecks(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.TryAddEventingSubscriber<ModelCheck>();
        builder.Services.TryAddEventingSubscriber<PortCheckSubscriber>();
        return builder;
    }
}
