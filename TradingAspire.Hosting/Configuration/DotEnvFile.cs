namespace TradingAspire.Hosting.Configuration;

/// <summary>Reads <c>.env</c> files: <c>KEY=value</c> lines, <c>#</c> comments, optional quotes, <c>export</c> prefix.</summary>
public static class DotEnvFile
{
    /// <summary>Parses the file; <c>__</c> in keys maps to the configuration separator as for environment variables.</summary>
    public static IReadOnlyDictionary<string, string?> Parse(string path)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var lineNumber = 0;
        foreach (var rawLine in File.ReadLines(path))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("export ", StringComparison.Ordinal))
            {
                line = line["export ".Length..].TrimStart();
            }

            var equals = line.IndexOf('=');
            if (equals <= 0)
            {
                throw new FormatException(
                    $"{path}:{lineNumber}: expected KEY=value (example: AppHost__ShutdownTimeoutSeconds=15), got '{rawLine}'.");
            }

            var key = line[..equals].Trim().Replace("__", ":", StringComparison.Ordinal);
            var value = line[(equals + 1)..].Trim();
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
            {
                value = value[1..^1];
            }

            values[key] = value;
        }

        return values;
    }
}
