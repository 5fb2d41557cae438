using System.Diagnostics;

namespace TradingAspire.Bench.Load;

/// <summary>Runs a load tool (pgbench, wrk) to completion and returns what it printed.</summary>
internal static class ExternalTool
{
    public static async Task<string> RunAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
        => (await RunMeasuredAsync(program, arguments, environment, cancellationToken)).Output;

    /// <summary>What the tool printed and the CPU seconds it used (user + system).</summary>
    public static async Task<(string Output, double CpuSeconds)> RunMeasuredAsync(string program, IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
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

        // A child's CPU time is added to RUSAGE_CHILDREN when it is reaped; the benchmark reaps no other child meanwhile.
        var childrenBefore = ChildrenCpuSeconds();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start; is it installed?");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (await output + await error, ChildrenCpuSeconds() - childrenBefore);
    }

    /// <summary>The number after <paramref name="marker"/> on the first line containing it (e.g. "Requests/sec:" of wrk, "tps =" of pgbench); null when absent.</summary>
    public static double? Number(string output, string marker)
    {
        var line = output.Split('\n').FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal));
        var text = line?[(line.IndexOf(marker, StringComparison.Ordinal) + marker.Length)..].Trim().Split(' ')[0];
        return double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    /// <summary>CPU seconds (user + system) of this process's children that have ended and been waited for: getrusage(RUSAGE_CHILDREN).</summary>
    private static double ChildrenCpuSeconds()
    {
        var usage = new RUsage();
        if (GetRUsage(-1, ref usage) != 0)
        {
            throw new InvalidOperationException($"getrusage failed: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
        }

        return usage.UserSeconds + (usage.UserMicroseconds / 1e6) + usage.SystemSeconds + (usage.SystemMicroseconds / 1e6);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static extern int GetRUsage(int who, ref RUsage usage);

    /// <summary>struct rusage of 64-bit Linux: two struct timevals (read here), then 14 longs (144 bytes in all).</summary>
    [System.Runtime.InteropServices.StructLayout(System.Runtime.InteropServices.LayoutKind.Sequential, Size = 144)]
    private struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;
    }

    /// <summary>
    /// The lines of <paramref name="output"/> that start with any of <paramref name="markers"/> (leading blanks
    /// ignored) or report wrk's request count, trimmed and joined by "; ".
    /// </summary>
    public static string Lines(string output, params string[] markers)
        => string.Join("; ", output.Split('\n').Select(l => l.Trim())
            .Where(l => markers.Any(m => l.StartsWith(m, StringComparison.Ordinal)) || l.Contains(" requests in ", StringComparison.Ordinal)));
}
