using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Testing;

/// <summary>Delegates to the AppHost's builder; building bypasses the entry point's interception.</summary>
internal sealed class TestingBuilder(DistributedApplicationBuilder inner, string testDirectory) : IDistributedApplicationTestingBuilder
{
    public string TestDirectory { get; } = testDirectory;

    public ConfigurationManager Configuration => inner.Configuration;

    public IHostEnvironment Environment => inner.Environment;

    public string AppHostDirectory => inner.AppHostDirectory;

    public IServiceCollection Services => inner.Services;

    public DistributedApplicationExecutionContext ExecutionContext => inner.ExecutionContext;

    public IResourceCollection Resources => inner.Resources;

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource => inner.AddResource(resource);

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource) where T : IResource => inner.CreateResourceBuilder(resource);

    public DistributedApplication Build()
    {
        var app = inner.BuildCore();
        app.RegisterDisposeCallback(DeleteTestDirectoryAsync);
        return app;
    }

    public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(Build());

    public ValueTask DisposeAsync() => DeleteTestDirectoryAsync();

    private ValueTask DeleteTestDirectoryAsync()
    {
        // Keep the directory for post-mortems when asked (logs of every resource are in it).
        if (System.Environment.GetEnvironmentVariable("TRADINGASPIRE_KEEP_TEST_DIRECTORIES") != "1" && Directory.Exists(TestDirectory))
        {
            try
            {
                Directory.Delete(TestDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A process that was just killed may still release files; the OS temp cleaner takes the rest.
            }
        }

        return ValueTask.CompletedTask;
    }
}
