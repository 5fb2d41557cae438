using System.Reflection;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace Aspire.Hosting;

/// <summary>The AppHost's user secrets in every environment, not only in Development.</summary>
public static class UserSecretsBuilderExtensions
{
    /// <summary>
    /// Reads the AppHost's user secrets (where a Development run keeps the passwords Aspire generates) in every environment,
    /// not only in Development, placed as Development has them: right after <c>appsettings.{Environment}.json</c>.
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
        var afterLastJson = builder.Configuration.Sources.ToList().FindLastIndex(s => s is JsonConfigurationSource) + 1;
        ConfigurationSourcePlacement.AddBelowSourcesFrom(builder, afterLastJson, secrets);
        return builder;
    }
}
