using Microsoft.Extensions.Configuration;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting;

/// <summary><c>AddParameter</c>: values from configuration, optionally secret.</summary>
public static class ParameterBuilderExtensions
{
    /// <summary>Adds a parameter read from configuration key <c>Parameters:{name}</c>.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, bool secret = false)
    {
        var configuration = builder.Configuration;
        return builder.AddResource(new ParameterResource(name, () => configuration[$"Parameters:{name}"], secret));
    }

    /// <summary>Adds a parameter with a fixed value.</summary>
    public static IResourceBuilder<ParameterResource> AddParameter(this IDistributedApplicationBuilder builder, string name, string value, bool secret = false)
        => builder.AddResource(new ParameterResource(name, () => value, secret));
}
