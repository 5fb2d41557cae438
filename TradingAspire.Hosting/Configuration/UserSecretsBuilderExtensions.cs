using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.UserSecrets;
using Microsoft.Extensions.Hosting;

namespace Aspire.Hosting;

/// <summary>The AppHost's user secrets in every environment, not only in Development.</summary>
public static class UserSecretsBuilderExtensions
{
    /// <summary>
    /// Reads the AppHost's user secrets (the store of <c>dotnet user-secrets</c>, where a Development run keeps the
    /// passwords Aspire generates) in every environment: the .NET host reads them only in Development. They are placed
    /// where Development has them, right after <c>appsettings.{Environment}.json</c>, so environment variables and the
    /// command line still override them. In Development this changes nothing.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="appHostAssembly">The AppHost assembly, whose <c>UserSecretsId</c> names the store (e.g. <c>typeof(Program).Assembly</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="InvalidOperationException">The assembly has no <c>UserSecretsId</c> (set it in the AppHost project).</exception>
    public static IDistributedApplicationBuilder AddUserSecretsInEveryEnvironment(this IDistributedApplicationBuilder builder, Assembly appHostAssembly)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(appHostAssembly);
        if (builder.Environment.IsDevelopment())
        {
            return builder;
        }

        if (appHostAssembly.GetCustomAttribute<UserSecretsIdAttribute>() is null)
        {
            throw new InvalidOperationException(
                $"The assembly {appHostAssembly.GetName().Name} has no UserSecretsId, so it has no user secrets to read. Set one in the AppHost " +
                "project (<UserSecretsId>my-apphost-id</UserSecretsId>, or `dotnet user-secrets init`) and pass its assembly: typeof(Program).Assembly.");
        }

        var secrets = new ConfigurationBuilder().AddUserSecrets(appHostAssembly, optional: true, reloadOnChange: false).Sources.Single();
        var sources = builder.Configuration.Sources;
        var lastJson = sources.Select((source, index) => (source, index)).LastOrDefault(s => s.source is JsonConfigurationSource);
        ConfigurationSourcePlacement.AddBelowSourcesFrom(builder, lastJson.source is null ? 0 : lastJson.index + 1, secrets);  // no insert: see there
        return builder;
    }
}
