using System.Globalization;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// The gateway's managed heap as its <c>/metrics</c> shows it (.NET's System.Runtime meter through OpenTelemetry's
/// runtime instrumentation): the heap size after the last garbage collection, summed over the generations (gen0, gen1,
/// gen2, loh, poh; <c>dotnet_gc_last_collection_heap_size_bytes</c>), the memory the GC had committed then
/// (<c>dotnet_gc_last_collection_memory_committed_size_bytes</c>: the heap plus its free space and allocation budget) and
/// the gen2 collections so far. What the objects take, as against RSS, which also holds code and native memory.
/// </summary>
internal static class ManagedHeap
{
    /// <summary>"managed heap after the last GC 45.1 MiB (GC committed 52.0 MiB), 12 gen2 GCs", or why it could not be read.</summary>
    public static async Task<string> DescribeAsync(HttpClient service, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await service.GetStringAsync("/metrics", cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            return $"managed heap not read ({exception.Message})";
        }

        double heap = 0, committed = 0, gen2 = 0;
        var found = false;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("dotnet_gc_last_collection_heap_size_bytes{", StringComparison.Ordinal))
            {
                heap += Value(line);
                found = true;
            }
            else if (line.StartsWith("dotnet_gc_last_collection_memory_committed_size_bytes{", StringComparison.Ordinal))
            {
                committed += Value(line);
            }
            else if (line.StartsWith("dotnet_gc_collections_total{", StringComparison.Ordinal) && line.Contains("gen2", StringComparison.Ordinal))
            {
                gen2 += Value(line);
            }
        }

        return found
            ? string.Create(CultureInfo.InvariantCulture, $"managed heap after the last GC {heap / 1024 / 1024:0.0} MiB (GC committed {committed / 1024 / 1024:0.0} MiB), {gen2:0} gen2 GCs")
            : "managed heap not in /metrics (no dotnet_gc_last_collection_heap_size_bytes)";
    }

    private static double Value(string line)
    {
        var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
