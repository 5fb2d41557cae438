using TradingAspire.Hosting;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Bench;

/// <summary>Starts the real AppHost definition (free ports, temporary state) and waits for every resource.</summary>
internal static class BenchSystem
{
    public static async Task<DistributedApplication> StartAsync(Action<IDictionary<string, string?>>? configure = null)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>([], configure);
        var app = await builder.BuildAsync();
        await app.StartAsync();
        foreach (var resource in app.Model.Resources.Where(r => r is not Hosting.ApplicationModel.ParameterResource))
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(TimeSpan.FromMinutes(3));
        }

        return app;
    }
}
