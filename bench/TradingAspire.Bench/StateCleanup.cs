namespace TradingAspire.Bench;

/// <summary>Removes a benchmark's temporary state unless BENCH_KEEP_STATE=1.</summary>
internal static class StateCleanup
{
    /// <summary>"{directory} (deleted at exit; BENCH_KEEP_STATE=1 keeps it)", or "(kept: BENCH_KEEP_STATE=1)".</summary>
    public static string Describe(string directory)
        => Environment.GetEnvironmentVariable("BENCH_KEEP_STATE") == "1"
            ? $"{directory} (kept: BENCH_KEEP_STATE=1)"
            : $"{directory} (deleted at exit; BENCH_KEEP_STATE=1 keeps it)";

    public static void Delete(string directory)
    {
        if (Environment.GetEnvironmentVariable("BENCH_KEEP_STATE") == "1" || !Directory.Exists(directory))
        {
            return;
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Could not delete {directory}: {exception.Message}. Remove it by hand (rm -rf {directory}).");
        }
    }
}
