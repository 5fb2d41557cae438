using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Declares the resources of a distributed application, then builds it.</summary>
public interface IDistributedApplicationBuilder
{
    /// <summary>The AppHost configuration (appsettings, .env, environment, command line).</summary>
    ConfigurationManager Configuration { get; }

    /// <summary>Environment name (Development, Production) and content root.</summary>
    IHostEnvironment Environment { get; }

    /// <summary>Directory of the AppHost project; relative resource paths resolve against it.</summary>
    string AppHostDirectory { get; }

    /// <summary>Services of the AppHost itself (health checks, hooks).</summary>
    IServiceCollection Services { get; }

    /// <summary>Run or publish.</summary>
    DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <summary>The declared resources, in declaration order.</summary>
    IResourceCollection Resources { get; }

    /// <summary>Adds a resource; names must be unique (case-insensitive).</summary>
    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>Creates a builder for a resource that is already in the model.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource;

    /// <summary>Builds the application. Nothing starts until <c>Run</c>/<c>StartAsync</c>.</summary>
    DistributedApplication Build();
}
