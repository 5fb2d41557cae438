using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Configuration;
using TradingAspire.Hosting.Orchestration;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Hosting;

/// <summary>The AppHost builder: configuration, services and the resource model.</summary>
public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _host;
    private readonly ResourceCollection _resources = [];

    internal DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Args = options.Args;
        var hook = TestingBuilderHook.Current;
        Paths = ApplicationPaths.Discover(options.AppHostDirectory ?? hook?.AppHostDirectory);
        var environmentName = System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? System.Environment.GetEnvironmentVariable("ASPNETCORE_ENVIRONMENT")
            ?? (hook?.ConfigurationOverrides.TryGetValue("environment", out var testEnvironment) == true ? testEnvironment : null)
            ?? Environments.Development;

        _host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = options.Args,
            ContentRootPath = Paths.AppHostDirectory,
            EnvironmentName = environmentName,
        });
        AppHostConfigurationSources.Add(_host.Configuration, Paths, environmentName, options.Args, hook?.ConfigurationOverrides);
        SubstitutionErrors = ConfigurationVariableSubstitution.Apply(_host.Configuration, System.Environment.GetEnvironmentVariable);

        ExecutionContext = new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run);
        IsUnderTest = hook is not null;
        _host.Logging.ClearProviders();
        _host.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        _host.Logging.AddFilter("Microsoft", LogLevel.Warning);
        _host.Logging.AddFilter("Grpc", LogLevel.Warning);
        _host.Services.AddSingleton(Paths);
        _host.Services.AddSingleton(ExecutionContext);
        _host.Services.AddOrchestration();
    }

    /// <summary>The AppHost command-line arguments.</summary>
    public string[] Args { get; }

    /// <summary>Repository, configuration, state and log locations.</summary>
    public ApplicationPaths Paths { get; }

    /// <inheritdoc />
    public ConfigurationManager Configuration => _host.Configuration;

    /// <inheritdoc />
    public IHostEnvironment Environment => _host.Environment;

    /// <inheritdoc />
    public string AppHostDirectory => Paths.AppHostDirectory;

    /// <inheritdoc />
    public IServiceCollection Services => _host.Services;

    /// <inheritdoc />
    public DistributedApplicationExecutionContext ExecutionContext { get; }

    /// <inheritdoc />
    public IResourceCollection Resources => _resources;

    internal bool IsUnderTest { get; }

    internal IReadOnlyList<string> SubstitutionErrors { get; }

    /// <inheritdoc />
    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Find(resource.Name) is { } existing)
        {
            throw new DistributedApplicationValidationException(
                [$"Cannot add resource '{resource.Name}': a resource named '{existing.Name}' already exists. Resource names must be unique (case-insensitive)."]);
        }

        _resources.Add(resource);
        return CreateResourceBuilder(resource);
    }

    /// <inheritdoc />
    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => new ResourceBuilder<T>(this, resource);

    /// <inheritdoc />
    public DistributedApplication Build()
    {
        if (TestingBuilderHook.Current is { InterceptBuild: true } hook && !hook.Captured.Task.IsCompleted)
        {
            hook.Captured.SetResult(this);
            throw new TestingBuilderCapturedException();
        }

        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        var errors = new List<string>(SubstitutionErrors);
        errors.AddRange(ConfigurationVariableSubstitution.Apply(Configuration, System.Environment.GetEnvironmentVariable));
        errors.AddRange(AppHostOptionsValidator.Validate(Configuration, _resources.Select(r => r.Name)).Select(e => e.ToString()));
        errors.AddRange(ApplicationModelValidator.Validate(_resources));
        if (errors.Count > 0)
        {
            throw new DistributedApplicationValidationException(errors.Distinct().ToList());
        }

        var options = Configuration.GetSection(AppHostOptions.SectionName).Get<AppHostOptions>() ?? new AppHostOptions();
        Paths.Apply(options);
        _host.Services.AddSingleton(options);
        _host.Services.AddSingleton(new DistributedApplicationModel(_resources.ToList()));
        _host.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds * 3 + 30));
        var host = _host.Build();
        ExecutionContext.ServiceProvider = host.Services;
        return new DistributedApplication(host, Args);
    }
}
