using TradingAspire.Hosting.Configuration;
using TradingAspire.Hosting.Control;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Unit;

public sealed class ControlFileTests : IDisposable
{
    private readonly DirectoryInfo _state = Directory.CreateTempSubdirectory("ta-control-");

    public void Dispose() => _state.Delete(recursive: true);

    [Fact]
    public async Task AReaderNeverSeesAHalfWrittenFile()
    {
        var paths = new ApplicationPaths(RepositoryPaths.AppHostDirectory, RepositoryPaths.Root);
        paths.Apply(new AppHostOptions { StateDirectory = _state.FullName, LogDirectory = Path.Combine(_state.FullName, "logs") });
        new ControlFile(Environment.ProcessId, "http://127.0.0.1:1/", "first").Write(paths);

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                new ControlFile(Environment.ProcessId, "http://127.0.0.1:1/", $"token-{i}", "http://localhost:2/", "dashboard").Write(paths);
            }
        });
        var reads = 0;
        while (!writer.IsCompleted)
        {
            Assert.NotNull(ControlFile.ReadLive(paths));
            reads++;
        }

        await writer;
        Assert.True(reads > 0);
        Assert.Equal("token-499", ControlFile.ReadLive(paths)!.Token);
        Assert.Equal(["apphost.json"], Directory.GetFiles(paths.RunDirectory).Select(Path.GetFileName));
    }
}
