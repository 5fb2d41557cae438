using System.Text.RegularExpressions;

namespace TradingAspire.Hosting;

/// <summary>
/// Reads the modules an app imports from its <c>requirements.txt</c>. One module per line, its import name first and
/// the Debian package in a comment: <c>prometheus_client  # debian: python3-prometheus-client</c>. A line without the
/// comment maps to <c>python3-{name}</c> with <c>_</c> → <c>-</c>, lower case (Debian's naming rule). Blank lines and
/// <c>#</c> comments are skipped; version specifiers (<c>fastapi&gt;=0.92</c>) are ignored.
/// </summary>
internal static partial class PythonRequirements
{
    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_.]*)[^#]*(?:#\s*debian:\s*([a-z0-9.+-]+))?", RegexOptions.IgnoreCase)]
    private static partial Regex Line();

    /// <summary>The requirements of the app in <paramref name="appDirectory"/>; empty without a requirements.txt.</summary>
    public static IReadOnlyList<PythonRequirement> Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "requirements.txt");
        return File.Exists(path) ? Parse(File.ReadAllLines(path)) : [];
    }

    public static IReadOnlyList<PythonRequirement> Parse(IEnumerable<string> lines)
        => [.. lines.Select(line => Line().Match(line)) // a comment or blank line does not match: it starts with no name
            .Where(match => match.Success)
            .Select(match => new PythonRequirement(match.Groups[1].Value,
                match.Groups[2].Success ? match.Groups[2].Value : "python3-" + match.Groups[1].Value.Split('.')[0].Replace('_', '-').ToLowerInvariant()))];
}
