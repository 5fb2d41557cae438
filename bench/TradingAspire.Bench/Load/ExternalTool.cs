using System.Diagnostics;

namespace TradingAspire.Bench.Load;

/// <summary>Runs a load tool (pgbench, wrk) to completion and returns what it printed.</summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start; is it installed?");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await error;
    }

    /// <summary>
    /// The lines of <paramref name="output"/> that start with any of <paramref name="markers"/> (leading blanks
    /// ignored) or report wrk's request count, trimmed and joined by "; ".
    /// </summary>
    public static string Lines(string output, params string[] markers)
        => string.Join("; ", output.Split('\n').Select(l => l.Trim())
            .Where(l => markers.Any(m => l.StartsWith(m, StringComparison.Ordinal)) || l.Contains(" requests in ", StringComparison.Ordinal)));
}
