using System.Globalization;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Where and how much console output of resources is kept on disk. The configuration section <see cref="SectionName"/>
/// (e.g. <c>TradingAspire__LogFiles__MaxFiles=5</c>) wins over the values given in code.
/// </summary>
public sealed record ResourceLogFileOptions
{
    /// <summary>The configuration section, with keys <c>Directory</c>, <c>MaxFileBytes</c>, <c>MaxFiles</c>.</summary>
    public const string SectionName = "TradingAspire:LogFiles";

    /// <summary>The log directory, relative to the AppHost directory or absolute. Default <c>../logs</c>.</summary>
    public string Directory { get; init; } = "../logs";

    /// <summary>Bytes per file before it rotates, at least 4096. Default 10 MiB (10485760).</summary>
    public long MaxFileBytes { get; init; } = 10 * 1024 * 1024;

    /// <summary>Files kept per resource, the current one included (1 to 1000). Default 5.</summary>
    public int MaxFiles { get; init; } = 5;

    /// <summary>These options with the configured values of <see cref="SectionName"/> applied, validated.</summary>
    /// <exception cref="DistributedApplicationException">A value is out of range or not a number; the message names the key, the
    /// value, the expected form and an example.</exception>
    public ResourceLogFileOptions WithConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var result = this with
        {
            Directory = section[nameof(Directory)] ?? Directory,
            MaxFileBytes = section[nameof(MaxFileBytes)] is { } bytes ? ParseLong(nameof(MaxFileBytes), bytes, "10485760") : MaxFileBytes,
            MaxFiles = section[nameof(MaxFiles)] is { } files ? (int)Math.Clamp(ParseLong(nameof(MaxFiles), files, "5"), int.MinValue, int.MaxValue) : MaxFiles,
        };
        if (string.IsNullOrWhiteSpace(result.Directory))
        {
            throw Invalid(nameof(Directory), result.Directory, "a directory path, relative to the AppHost directory or absolute", "\"../logs\"");
        }

        if (result.MaxFileBytes < 4096)
        {
            throw Invalid(nameof(MaxFileBytes), result.MaxFileBytes.ToString(CultureInfo.InvariantCulture), "a whole number of bytes of at least 4096 (10485760 is 10 MiB)", "10485760");
        }

        return result.MaxFiles is >= 1 and <= 1000 ? result : throw Invalid(nameof(MaxFiles), result.MaxFiles.ToString(CultureInfo.InvariantCulture),
            "a whole number of files per resource from 1 to 1000, the current file included", "5");
    }

    private static long ParseLong(string key, string value, string example)
        => long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed)
            ? parsed
            : throw Invalid(key, value, "a whole number written with digits only", example);

    private static DistributedApplicationException Invalid(string key, string? value, string expected, string example)
        => new($"Log files: {SectionName}:{key} is '{value}'; expected {expected}, for example {example}. " +
               $"Set it in the AppHost's appsettings.json (\"TradingAspire\": {{ \"LogFiles\": {{ \"{key}\": {example} }} }}) or on its command line (--{SectionName}:{key}={example}).");
}
