namespace TradingAspire.Tests.Support;

/// <summary>Reads the "name event monotonic-ns" lines the fixture program appends with <c>--record</c>.</summary>
internal sealed class RecordFile : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ta-record-{Guid.NewGuid():N}.txt");

    public IReadOnlyList<(string Name, string Event, long Nanoseconds)> Read()
        => File.Exists(Path)
            ? File.ReadAllLines(Path).Select(l => l.Split(' ')).Where(p => p.Length == 3).Select(p => (p[0], p[1], long.Parse(p[2]))).ToList()
            : [];

    public void Dispose() => File.Delete(Path);
}
