using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting.Configuration;

/// <summary>
/// The configuration sources of the AppHost in increasing precedence (DESIGN.md §7): config/appsettings.json,
/// config/appsettings.{Environment}.json, .env, .env.local, environment variables, command line, then test overrides.
/// </summary>
internal static class AppHostConfigurationSources
{
    public static void Add(
        ConfigurationManager configuration, ApplicationPaths paths, string environmentName, string[] args,
        IReadOnlyDictionary<string, string?>? testOverrides)
    {
        configuration.AddJsonFile(Path.Combine(paths.ConfigDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        configuration.AddJsonFile(Path.Combine(paths.ConfigDirectory, $"appsettings.{environmentName}.json"), optional: true, reloadOnChange: false);

        // Tests must not pick up a developer's local .env files: their overrides describe the whole test setup.
        if (testOverrides is null)
        {
            foreach (var file in new[] { ".env", ".env.local" })
            {
                var path = Path.Combine(paths.RepositoryRoot, file);
                if (File.Exists(path))
                {
                    configuration.AddInMemoryCollection(DotEnvFile.Parse(path));
                }
            }
        }

        configuration.AddEnvironmentVariables();
        configuration.AddCommandLine(args);
        if (testOverrides is not null)
        {
            configuration.AddInMemoryCollection(testOverrides);
        }
    }
}
