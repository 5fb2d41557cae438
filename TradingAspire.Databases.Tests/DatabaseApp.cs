using TradingAspire.Hosting;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Databases.Tests;

/// <summary>Starts PostgreSQL (+ database "trading" with the real migrations) and Redis in an isolated state directory.</summary>
internal static class DatabaseApp
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    public static async Task<DistributedApplication> StartAsync(
        string stateDirectory, string? migrations = null, Action<IDistributedApplicationBuilder>? declare = null, Action<IDictionary<string, string?>>? configure = null)
    {
        var builder = DistributedApplicationTestingBuilder.Create(TestPaths.AppHostDirectory, settings =>
        {
            settings["AppHost:StateDirectory"] = stateDirectory;
            settings["AppHost:LogDirectory"] = Path.Combine(stateDirectory, "logs");
            settings["AppHost:ShutdownTimeoutSeconds"] = "10";
            configure?.Invoke(settings);
        });
        if (declare is not null)
        {
            declare(builder);
        }
        else
        {
            builder.AddPostgres("postgres").AddDatabase("trading").WithMigrations(migrations ?? TestPaths.Migrations);
            builder.AddRedis("redis").WithPersistence();
        }

        var app = builder.Build();
        await app.StartAsync();
        return app;
    }

    public static async Task WaitHealthyAsync(DistributedApplication app, params string[] resources)
    {
        foreach (var resource in resources)
        {
            try
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(Timeout);
            }
            catch (TimeoutException)
            {
                var snapshot = app.ResourceNotifications.GetCurrent(resource);
                throw new TimeoutException(
                    $"'{resource}' was not healthy within {Timeout.TotalSeconds} s: {snapshot?.State} {snapshot?.HealthStatus} {snapshot?.StateDetail} " +
                    $"{string.Join("; ", snapshot?.HealthReports.Select(r => $"{r.Name}: {r.Description}") ?? [])}");
            }
        }
    }

    public static string NewStateDirectory() => Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"db-{Guid.NewGuid():N}"[..20]);
}
