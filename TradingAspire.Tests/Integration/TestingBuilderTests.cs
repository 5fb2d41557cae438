using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Testing;
using TradingAspire.Tests.Support;

namespace TradingAspire.Tests.Integration;

[Trait("Category", "Integration")]
public sealed class TestingBuilderTests
{
    [Fact]
    public async Task TheRealAppHostStartsAndStopsTwiceWithoutLeavingProcesses()
    {
        for (var run = 1; run <= 2; run++)
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();
            var testDirectory = builder.TestDirectory;
            var pids = new List<int>();
            await using (var app = await builder.BuildAsync())
            {
                await app.StartAsync();
                foreach (var resource in app.Model.Resources.Where(r => r is not ParameterResource))
                {
                    var healthy = await app.ResourceNotifications.WaitForResourceHealthyAsync(resource.Name).WaitAsync(TimeSpan.FromSeconds(120));
                    if (healthy.Snapshot.ProcessId is { } pid)
                    {
                        pids.Add(pid);
                    }
                }

                Assert.NotEmpty(pids);
            }

            foreach (var pid in pids)
            {
                Assert.False(ProcessIdentity.IsRunning(pid), $"run {run}: pid {pid} must be gone once the application is disposed");
            }

            Assert.False(Directory.Exists(testDirectory), $"run {run}: the temporary directory {testDirectory} must be deleted");
        }
    }

    [Fact]
    public async Task TheTestingBuilderUsesFreePortsAndATemporaryStateDirectory()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Program>();

        Assert.Equal("true", builder.Configuration["AppHost:RandomizePorts"]);
        Assert.StartsWith(Path.GetTempPath(), builder.Configuration["AppHost:StateDirectory"]);
        Assert.StartsWith(builder.TestDirectory, builder.Configuration["AppHost:LogDirectory"]);
    }
}
