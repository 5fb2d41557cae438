using System.Globalization;
using TradingAspire.Bench.Load;
using TradingAspire.Bench.Startup;

namespace TradingAspire.Bench.Soak;

/// <summary>
/// The memory of every part of a run at one moment (<see cref="CpuByPart.PartOf"/>: gateway, trading-api, postgres,
/// redis, strategy, trading-ui, dashboard, dcp, apphost, ...), summed over the part's live processes, in KiB: RSS and
/// PSS (/proc/pid/smaps_rollup), private anonymous memory (RssAnon, /proc/pid/status), file-backed memory (RssFile:
/// mapped assemblies and libraries) and shared memory counted once (Pss_Shmem: for PostgreSQL, the pages of its shared
/// buffer pool in use, at most <c>shared_buffers</c>; for a .NET process, the JIT-compiled code, which the runtime maps
/// twice through a memfd); and the processes themselves (pid and start time, to tell a restart).
/// </summary>
/// <param name="Seconds">Seconds since the soak's load started.</param>
/// <param name="Parts">Part name → its figures.</param>
internal sealed record MemorySample(double Seconds, IReadOnlyDictionary<string, PartMemory> Parts)
{
    /// <summary>Reads the run's process tree now.</summary>
    public static MemorySample Take(double seconds, List<RunProcess> tree, int appHostPid)
        => new(seconds, tree.GroupBy(p => CpuByPart.PartOf(p, appHostPid)).ToDictionary(
            g => g.Key,
            g =>
            {
                var extra = g.Select(p => (
                    Anon: Field($"/proc/{p.Pid}/status", "RssAnon:"),
                    File: Field($"/proc/{p.Pid}/status", "RssFile:"),
                    Shmem: Field($"/proc/{p.Pid}/smaps_rollup", "Pss_Shmem:"))).ToList();
                return new PartMemory(g.Sum(p => p.RssKiB), g.Sum(p => p.PssKiB), extra.Sum(e => e.Anon), extra.Sum(e => e.Shmem), extra.Sum(e => e.File), [.. g]);
            }));

    /// <summary>The figures of <paramref name="part"/> (zeros when it has no process).</summary>
    public PartMemory this[string part] => Parts.TryGetValue(part, out var memory) ? memory : new(0, 0, 0, 0, 0, []);

    /// <summary>"t {s} s, RSS MiB: gateway 123.4, trading-api ..." for <paramref name="parts"/>.</summary>
    public string Describe(IEnumerable<string> parts)
        => string.Create(CultureInfo.InvariantCulture, $"t {Seconds,4:0} s, RSS MiB: {string.Join(", ", parts.Select(p => $"{p} {this[p].RssKiB / 1024.0:0.0}"))}");

    /// <summary>"anon 66.4, file 83.2, shmem 35.2 MiB": where <paramref name="part"/>'s RSS is (heaps and stacks; mapped files; shared memory).</summary>
    public string DescribeSplit(string part)
        => string.Create(CultureInfo.InvariantCulture, $"anon {this[part].AnonKiB / 1024.0:0.0}, file {this[part].FileKiB / 1024.0:0.0}, shmem {this[part].ShmemKiB / 1024.0:0.0} MiB");

    /// <summary>A "Name:   123 kB" field of a /proc file in KiB; 0 when the process has gone.</summary>
    private static long Field(string file, string name)
    {
        try
        {
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return 0;
        }
    }
}

/// <summary>One part's memory, KiB, summed over its processes.</summary>
/// <param name="RssKiB">Resident set size.</param>
/// <param name="PssKiB">Proportional set size.</param>
/// <param name="AnonKiB">Private anonymous resident memory (heaps, stacks): RssAnon.</param>
/// <param name="ShmemKiB">Shared memory, each page counted once (Pss_Shmem).</param>
/// <param name="FileKiB">File-backed resident memory (RssFile).</param>
/// <param name="Processes">The part's processes.</param>
internal sealed record PartMemory(long RssKiB, long PssKiB, long AnonKiB, long ShmemKiB, long FileKiB, IReadOnlyList<RunProcess> Processes);
