using System.Text.RegularExpressions;

namespace TradingAspire.Bench.Startup;

/// <summary>
/// One resource snapshot as an AppHost logs it when <c>Aspire.Hosting.ApplicationModel.ResourceNotificationService</c>
/// logs at Trace ("Version: N Resource name/id update published: ResourceType = ..., State = { Text = Running, ... },
/// IsHidden = False, HeathStatus = Healthy, ResourceReady = ..., ExitCode = 0, ...").
/// </summary>
/// <param name="Name">The resource name (<c>gateway</c>).</param>
/// <param name="Type">The resource type (<c>Project</c>, <c>Executable</c>, <c>Parameter</c>, ...).</param>
/// <param name="State">The state text (<c>Starting</c>, <c>Running</c>, <c>Finished</c>, <c>Exited</c>, ...).</param>
/// <param name="Hidden">True for resources the dashboard hides.</param>
/// <param name="Health">The health status (<c>Healthy</c>, <c>Unhealthy</c>) or empty.</param>
/// <param name="ExitCode">The exit code, or empty while running.</param>
/// <param name="Urls">The resource's URLs by endpoint name (<c>http</c> → <c>http://localhost:41017</c>).</param>
internal sealed partial record ResourceUpdate(string Name, string Type, string State, bool Hidden, string Health, string ExitCode,
    IReadOnlyDictionary<string, string> Urls)
{
    /// <summary>The configuration that makes an AppHost log these lines, one per line (environment variable form).</summary>
    public static IReadOnlyDictionary<string, string> LoggingEnvironment { get; } = new Dictionary<string, string>
    {
        ["Logging__LogLevel__Aspire.Hosting.ApplicationModel.ResourceNotificationService"] = "Trace",
        ["Logging__Console__FormatterName"] = "simple",
        ["Logging__Console__FormatterOptions__SingleLine"] = "true",
    };

    /// <summary>The update a log line carries, or null for any other line.</summary>
    public static ResourceUpdate? Parse(string line)
    {
        var match = Published().Match(line);
        return match.Success
            ? new ResourceUpdate(match.Groups["name"].Value, match.Groups["type"].Value.Trim(), match.Groups["state"].Value.Trim(),
                match.Groups["hidden"].Value == "True", match.Groups["health"].Value.Trim(), match.Groups["exit"].Value.Trim(), ParseUrls(line))
            : null;
    }

    private static Dictionary<string, string> ParseUrls(string line)
    {
        var urls = UrlList().Match(line);
        return urls.Success
            ? urls.Groups["urls"].Value.Split(", ", StringSplitOptions.RemoveEmptyEntries)
                .Select(pair => pair.Split(" = ", 2))
                .Where(pair => pair.Length == 2)
                .DistinctBy(pair => pair[0].Trim())
                .ToDictionary(pair => pair[0].Trim(), pair => pair[1].Trim())
            : [];
    }

    [GeneratedRegex(@"Urls = \{ (?<urls>[^}]*) \}")]
    private static partial Regex UrlList();

    [GeneratedRegex(@"Resource (?<name>[^/\s]+)/\S+ update published: ResourceType = (?<type>[^,]*), .*?State = \{ Text = (?<state>[^,]*), Style = [^}]*\}, IsHidden = (?<hidden>\w+), HeathStatus = (?<health>[^,]*), ResourceReady = [^,]*, ExitCode = (?<exit>[^,]*),")]
    private static partial Regex Published();
}
