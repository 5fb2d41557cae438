using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.Hosting;

/// <summary>
/// Publish mode: when a container resource replaces one of our executables under the same name, both integrations
/// registered a health check named <c>{name}_check</c>; the executable's (the first) is dropped so the host starts.
/// </summary>
internal static class ReplacedHealthCheck
{
    public static void Remove(IDistributedApplicationBuilder builder, string resourceName)
    {
        var key = $"{resourceName}_check";
        builder.Services.PostConfigure<HealthCheckServiceOptions>(options =>
        {
            if (options.Registrations.Count(r => r.Name == key) > 1)
            {
                options.Registrations.Remove(options.Registrations.First(r => r.Name == key));
            }
        });
    }
}
