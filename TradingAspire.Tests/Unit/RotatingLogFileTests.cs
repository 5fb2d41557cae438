using TradingAspire.Hosting.Logging;

namespace TradingAspire.Tests.Unit;

public sealed class RotatingLogFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ta-logs-");

    public void Dispose() => _directory.Delete(recursive: true);

    [Fact]
    public void FilesRotateAtTheSizeLimitAndOnlyTheConfiguredNumberIsKept()
    {
        using var file = new RotatingLogFile(_directory.FullName, "gateway", maxBytes: 200, fileCount: 3);

        for (var i = 0; i < 40; i++)
        {
            file.Append(new LogLine(i, DateTimeOffset.UnixEpoch, $"line {i:00} of the gateway output", false));
        }

        var files = _directory.GetFiles().Select(f => f.Name).Order().ToList();
        Assert.Equal(["gateway.log", "gateway.log.1", "gateway.log.2"], files);
        Assert.All(_directory.GetFiles(), f => Assert.True(f.Length <= 200, $"{f.Name} is {f.Length} bytes"));
        Assert.Contains("line 39 of the gateway output", File.ReadAllText(Path.Combine(_directory.FullName, "gateway.log")));
        Assert.DoesNotContain("line 00 ", string.Concat(_directory.GetFiles().Select(f => File.ReadAllText(f.FullName))));
    }

    [Fact]
    public void AFileLeftByAnEarlierRunCountsTowardTheLimit()
    {
        var line = new LogLine(1, new DateTimeOffset(2026, 11, 24, 1, 2, 3, TimeSpan.Zero), new string('x', 60), false);
        using (var earlier = new RotatingLogFile(_directory.FullName, "api", maxBytes: 200, fileCount: 2))
        {
            earlier.Append(line);
            earlier.Append(line);
        }

        using (var next = new RotatingLogFile(_directory.FullName, "api", maxBytes: 200, fileCount: 2))
        {
            next.Append(line);
        }

        Assert.Equal(2, File.ReadAllLines(Path.Combine(_directory.FullName, "api.log.1")).Length);
        Assert.Single(File.ReadAllLines(Path.Combine(_directory.FullName, "api.log")));
    }

    [Fact]
    public void LinesCarryTimestampAndStream()
    {
        using (var file = new RotatingLogFile(_directory.FullName, "api", 10_000, 2))
        {
            file.Append(new LogLine(1, new DateTimeOffset(2026, 11, 24, 1, 2, 3, TimeSpan.Zero), "boom", true));
        }

        Assert.Equal("2026-11-24T01:02:03.000Z ERR boom\n", File.ReadAllText(Path.Combine(_directory.FullName, "api.log")));
    }
}
