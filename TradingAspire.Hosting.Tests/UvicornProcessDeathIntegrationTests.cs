namespace TradingAspire.Hosting.Tests;

/// <summary>
/// A uvicorn app with <c>--reload</c> (Development) run by Aspire: the pid Aspire shows is uvicorn's supervisor, the
/// app is served by its spawned server process. Killing either is restarted by the restart policy and leaves no
/// process of the old pair.
/// </summary>
public sealed class UvicornProcessDeathIntegrationTests() : AspireProcessTests("uvicorn-death-")
{
    [Fact]
    public async Task A_kill_of_the_supervisor_or_of_the_server_process_is_restarted_with_no_orphan_and_nothing_outlives_the_apphost()
    {
        File.WriteAllText(Path.Combine(Root.FullName, "main.py"), """
            from fastapi import FastAPI

            app = FastAPI()


            @app.get("/health")
            def health() -> dict:
                return {"status": "ok"}
            """);
        File.WriteAllText(Path.Combine(Root.FullName, "requirements.txt"), "fastapi  # debian: python3-fastapi\n");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddUvicornApp("api", Root.FullName, "main:app")
            .WithHttpHealthCheck("/health")
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1));
        var seen = new List<int>();
        await using (var app = await builder.BuildAsync())
        {
            await app.StartAsync();
            var (supervisor, server) = await ServingPairAsync(app, killed: 0, restartCount: null);
            seen.AddRange([supervisor, server]);

            // kill -9 of the pid Aspire shows: uvicorn's reload supervisor. Its server dies with it.
            ProcessProbe.Kill9(supervisor);
            await Poll.UntilAsync(() => Task.FromResult(!ProcessProbe.IsAlive(server)), $"the server process {server} outlived its supervisor {supervisor}", PythonIntegrationTests.Deadline);
            var (supervisor2, server2) = await ServingPairAsync(app, killed: supervisor, restartCount: 1);
            seen.AddRange([supervisor2, server2]);

            // kill -9 of the server process itself (as the out-of-memory killer would): the supervisor ends with it.
            ProcessProbe.Kill9(server2);
            var (supervisor3, server3) = await ServingPairAsync(app, killed: supervisor2, restartCount: 2);
            Assert.False(ProcessProbe.IsAlive(supervisor2), $"supervisor {supervisor2} survived its server's kill");
            seen.AddRange([supervisor3, server3]);
        }

        await Poll.UntilAsync(() => Task.FromResult(!seen.Any(ProcessProbe.IsAlive)),
            () => $"still alive after the AppHost stopped: {string.Join(", ", seen.Where(ProcessProbe.IsAlive).Select(p => $"{p} {ProcessProbe.CommandLine(p)}"))}",
            PythonIntegrationTests.Deadline);
    }

    /// <summary>Once healthy on a supervisor other than <paramref name="killed"/>: the shown pid and its spawned server process.</summary>
    private static async Task<(int Supervisor, int Server)> ServingPairAsync(DistributedApplication app, int killed, int? restartCount)
    {
        var supervisor = await WaitForRunningAsync(app, "api", killed, restartCount, healthy: true);
        var server = ProcessProbe.Children(supervisor).Single(child => ProcessProbe.CommandLine(child).Contains("spawn_main", StringComparison.Ordinal));
        return (supervisor, server);
    }
}
