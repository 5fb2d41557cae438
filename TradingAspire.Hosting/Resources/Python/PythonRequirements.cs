using System.Text.RegularExpressions;

namespace TradingAspire.Hosting.Python;

/// <summary>
/// The modules an app imports, from its <c>requirements.txt</c>: one per line, the import name first and the Debian
/// package in a comment (<c>fastapi  # debian: python3-fastapi</c>). Lines without the comment map to
/// <c>python3-{name}</c> with <c>_</c> → <c>-</c>.
/// </summary>
public static partial class PythonRequirements
{
    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_.]*)[^#]*(?:#\s*debian:\s*([a-z0-9.+-]+))?", RegexOptions.IgnoreCase)]
    private static partial Regex Line();

    /// <summary>Reads the requirements of an app; empty when it has no requirements.txt.</summary>
    public static IReadOnlyList<(string Module, string DebianPackage)> Read(string appDirectory)
    {
        var path = Path.Combine(appDirectory, "requirements.txt");
        return File.Exists(path) ? Parse(File.ReadAllLines(path)) : [];
    }

    /// <summary>Parses requirement lines.</summary>
    public static IReadOnlyList<(string Module, string DebianPackage)> Parse(IEnumerable<string> lines)
    {
        var requirements = new List<(string, string)>();
        foreach (var line in lines)
        {
            if (line.TrimStart().StartsWith('#') || Line().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var module = match.Groups[1].Value;
            var package = match.Groups[2].Success ? match.Groups[2].Value : $"python3-{module.Replace('_', '-').ToLowerInvariant()}";
            requirements.Add((module, package));
        }

        return requirements;
    }
}
