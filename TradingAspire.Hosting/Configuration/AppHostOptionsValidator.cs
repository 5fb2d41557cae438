using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting.Configuration;

/// <summary>Validates the AppHost section and per-resource overrides before any process starts.</summary>
public static class AppHostOptionsValidator
{
    /// <summary>Returns every problem found; empty when the configuration is valid.</summary>
    public static IReadOnlyList<ConfigurationError> Validate(IConfiguration configuration, IEnumerable<string> resourceNames)
    {
        var errors = new List<ConfigurationError>();
        var section = configuration.GetSection(AppHostOptions.SectionName);

        CheckNumber(section, nameof(AppHostOptions.ShutdownTimeoutSeconds), 0.1, 600, "15", errors);
        CheckNumber(section, nameof(AppHostOptions.StartupTimeoutSeconds), 1, 3600, "180", errors);
        CheckNumber(section, nameof(AppHostOptions.HealthCheckIntervalSeconds), 0.1, 3600, "5", errors);
        CheckNumber(section, nameof(AppHostOptions.MaxRestarts), 0, 1000, "3", errors, integer: true);
        CheckNumber(section, nameof(AppHostOptions.RestartWindowSeconds), 1, 86400, "300", errors);
        CheckNumber(section, nameof(AppHostOptions.InitialRestartBackoffSeconds), 0.01, 3600, "1", errors);
        CheckNumber(section, nameof(AppHostOptions.MaxRestartBackoffSeconds), 0.01, 3600, "30", errors);
        CheckNumber(section, nameof(AppHostOptions.LogFileMaxBytes), 1024, long.MaxValue, "10485760", errors, integer: true);
        CheckNumber(section, nameof(AppHostOptions.LogFileCount), 1, 100, "3", errors, integer: true);
        CheckNumber(section, nameof(AppHostOptions.ConsoleBufferLines), 10, 10_000_000, "10000", errors, integer: true);
        CheckBoolean(section, nameof(AppHostOptions.RandomizePorts), errors);

        var portConflict = section[nameof(AppHostOptions.PortConflict)];
        if (portConflict is not null && portConflict is not ("PickFree" or "Fail"))
        {
            errors.Add(new($"{AppHostOptions.SectionName}:PortConflict", portConflict, "PickFree or Fail", "AppHost__PortConflict=Fail"));
        }

        ValidateDashboard(configuration.GetSection("Dashboard"), errors);
        CheckBoolean(configuration.GetSection("Prometheus"), "Enabled", errors);

        var known = new HashSet<string>(resourceNames, StringComparer.OrdinalIgnoreCase);
        foreach (var resource in configuration.GetSection("Resources").GetChildren())
        {
            if (!known.Contains(resource.Key))
            {
                errors.Add(new($"Resources:{resource.Key}", "(section)", $"the name of a declared resource ({string.Join(", ", known.Order())})",
                    "Resources__gateway__Port=3000"));
                continue;
            }

            CheckNumber(resource, "Port", 1, 65535, "8000", errors, integer: true, expectedOverride: "a port number from 1 to 65535");
            CheckNumber(resource, "Workers", 1, 64, "2", errors, integer: true);
        }

        return errors;
    }

    private static void ValidateDashboard(IConfigurationSection dashboard, List<ConfigurationError> errors)
    {
        CheckBoolean(dashboard, "Enabled", errors);
        foreach (var (name, example) in new[] { ("Port", "18888"), ("OtlpGrpcPort", "18889"), ("OtlpHttpPort", "18890") })
        {
            CheckNumber(dashboard, name, 0, 65535, example, errors, integer: true, expectedOverride: "a port number from 1 to 65535, or 0 for any free port");
        }

        CheckNumber(dashboard, "MaxLogCount", 1, 10_000_000, "10000", errors, integer: true);
        CheckNumber(dashboard, "MaxTraceCount", 1, 10_000_000, "10000", errors, integer: true);
        CheckNumber(dashboard, "MaxMetricPointsPerResource", 1, 10_000_000, "50000", errors, integer: true);
    }

    private static void CheckNumber(
        IConfigurationSection section, string name, double min, double max, string example, List<ConfigurationError> errors,
        bool integer = false, string? expectedOverride = null)
    {
        var value = section[name];
        if (value is null)
        {
            return;
        }

        var valid = integer
            ? long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) && whole >= min && whole <= max
            : double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max;
        if (!valid)
        {
            var kind = integer ? "a whole number" : "a number";
            errors.Add(new($"{section.Path}:{name}", value, expectedOverride ?? $"{kind} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
                $"{section.Path.Replace(":", "__", StringComparison.Ordinal)}__{name}={example}"));
        }
    }

    private static void CheckBoolean(IConfigurationSection section, string name, List<ConfigurationError> errors)
    {
        var value = section[name];
        if (value is not null && !bool.TryParse(value, out _))
        {
            errors.Add(new($"{section.Path}:{name}", value, "true or false", $"{section.Path}__{name}=true"));
        }
    }
}
