using TradingAspire.Hosting;

namespace TradingAspire.Databases.Tests;

/// <summary>One PostgreSQL (+ database trading) and Redis shared by the tests of a class that do not disturb each other.</summary>
public sealed class RunningDatabases : IAsyncLifetime
{
    public string StateDirectory { get; } = DatabaseApp.NewStateDirectory();

    public DistributedApplication App { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        App = await DatabaseApp.StartAsync(StateDirectory);
        await DatabaseApp.WaitHealthyAsync(App, "postgres", "trading", "redis");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
