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

    /// <summary>The requirements of the app in <paramref name="appDirectory"/>; empty when it has no requirements.txt.</summary>
    public static IReadOnlyList<PythonRequirement> Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "requirements.txt");
        return File.Exists(path) ? Parse(File.ReadAllLines(path)) : [];
    }

    /// <summary>Parses requirement lines (see the type's summary for the form).</summary>
    public static IReadOnlyList<PythonRequirement> Parse(IEnumerable<string> lines)
    {
        var requirements = new List<PythonRequirement>();
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith('#') || Line().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var module = match.Groups[1].Value;
            requirements.Add(new PythonRequirement(module, match.Groups[2].Success ? match.Groups[2].Value : DefaultPackage(module)));
        }

        return requirements;
    }

    /// <summary>Debian's package name for a top-level module: <c>python3-{module}</c>, <c>_</c> → <c>-</c>, lower case.</summary>
    public static string DefaultPackage(string module)
        => "python3-" + module.Split('.')[0].Replace('_', '-').ToLowerInvariant();
}
