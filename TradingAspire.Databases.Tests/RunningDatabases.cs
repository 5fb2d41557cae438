using TradingAspire.Hosting;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Databases.Tests;

/// <summary>
/// One PostgreSQL (+ database trading) and Redis shared by the tests of a class that do not disturb each other, plus
/// two clients that reference both and write their environment to a file: <c>client</c> (any executable) and
/// <c>python-client</c> (marked as a Python app, so it also gets the seed-era variables).
/// </summary>
public sealed class RunningDatabases : IAsyncLifetime
{
    public string StateDirectory { get; } = DatabaseApp.NewStateDirectory();

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The file a client resource wrote its environment to.</summary>
    public string EnvironmentFile(string client) => Path.Combine(StateDirectory, $"{client}.env");

    public async Task InitializeAsync()
    {
        App = await DatabaseApp.StartAsync(StateDirectory, declare: builder =>
        {
            var trading = builder.AddPostgres("postgres").AddDatabase("trading").WithMigrations(TestPaths.Migrations);
            var redis = builder.AddRedis("redis").WithPersistence();
            foreach (var client in new[] { "client", "python-client" })
            {
                var resource = builder.AddExecutable(client, "/bin/sh", ".", "-c", "env > \"$ENV_FILE.tmp\" && mv \"$ENV_FILE.tmp\" \"$ENV_FILE\" && exec sleep 600")
                    .WithEnvironment("ENV_FILE", EnvironmentFile(client))
                    .WithReference(trading).WaitFor(trading)
                    .WithReference(redis).WaitFor(redis);
                if (client == "python-client")
                {
                    resource.WithAnnotation(new LegacyConnectionVariablesAnnotation());
                }
            }
        });
        await DatabaseApp.WaitHealthyAsync(App, "postgres", "trading", "redis", "client", "python-client");
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
