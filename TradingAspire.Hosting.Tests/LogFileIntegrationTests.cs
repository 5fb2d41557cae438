using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Tests;

/// <summary>Resource console output kept in files by <c>AddResourceLogFiles</c>, with real processes run by Aspire (DCP).</summary>
[Trait("Category", "Integration")]
[Collection("Aspire processes")]
public sealed class LogFileIntegrationTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("logfiles-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Lines_of_a_resource_that_exited_are_in_its_log_file_after_the_app_is_disposed()
    {
        var logs = Path.Combine(_root.FullName, "logs");
        var marker = Guid.NewGuid().ToString("N");
        await using (var builder = PythonIntegrationTests.CreateBuilder())
        {
            builder.AddResourceLogFiles(logs, maxFileBytes: 64 * 1024, maxFiles: 3);
            builder.AddExecutable("talker", "/bin/sh", _root.FullName, "-c", $"echo out-{marker}; echo err-{marker} >&2; exit 3");
            await using var app = await builder.BuildAsync();
            await app.StartAsync();

            var ended = await PythonIntegrationTests.WaitForStateAsync(app, "talker", PythonIntegrationTests.EndedStates);
            Assert.Equal(3, ended.Snapshot.ExitCode);
            await PythonIntegrationTests.WaitForLogAsync(app, "talker", $"err-{marker}");
        }

        var lines = await File.ReadAllLinesAsync(Path.Combine(logs, "talker.log"));
        var output = Assert.Single(lines, line => line.EndsWith($"out-{marker}", StringComparison.Ordinal));
        var error = Assert.Single(lines, line => line.EndsWith($"err-{marker}", StringComparison.Ordinal));
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z OUT out-{marker}$", output);
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z ERR err-{marker}$", error);
    }
}
