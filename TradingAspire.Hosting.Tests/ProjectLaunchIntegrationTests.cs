namespace TradingAspire.Hosting.Tests;

/// <summary>
/// <c>WithDirectLaunch</c> and <c>WithRebuildOnChange</c> on a real project run by Aspire (DCP): the pid Aspire shows is
/// the program itself, any kill of it is restarted with nothing left behind, and a saved source rebuilds and restarts it.
/// </summary>
public sealed class ProjectLaunchIntegrationTests(TestWebProject project) : AspireProcessTests("project-launch-"), IClassFixture<TestWebProject>
{
    // Builds run on a shared 2-core machine: a rebuild of a one-file project takes 5-60 s there.
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Project_runs_as_its_built_program_and_a_kill_of_the_shown_pid_or_the_serving_process_is_restarted_with_no_survivor()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddProject("web", project.ProjectPath)
            .WithHttpEndpoint(isProxied: false)
            .WithDirectLaunch()
            .WithRestartPolicy(initialDelay: TimeSpan.FromMilliseconds(200), maxDelay: TimeSpan.FromSeconds(1));
        var seen = new List<int>();
        await using (var app = await builder.BuildAsync())
        {
            await app.StartAsync();
            var port = await ServingPortAsync(app);

            // The pid Aspire shows is the built program (no `dotnet run` wrapper), and it is the one serving.
            var shown = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.Running));
            seen.Add(shown);
            var expectedProgram = Path.Combine(Path.GetDirectoryName(project.ProjectPath)!, "bin", TestWebProject.Configuration, "net10.0", "web");
            Assert.Equal(expectedProgram, ProcessProbe.CommandLine(shown));
            Assert.Equal(shown, ProcessProbe.ListenerPid(port));

            // kill -9 of the pid Aspire shows.
            ProcessProbe.Kill9(shown);
            var second = await WaitForRunningAsync(app, "web", shown, restartCount: 1);
            seen.Add(second);
            Assert.False(ProcessProbe.IsAlive(shown), $"pid {shown} survived its kill");

            // kill -9 of the process serving the port (an OOM kill looks the same).
            var serving = await ListenerAsync(port);
            Assert.Equal(second, serving);
            ProcessProbe.Kill9(serving);
            var third = await WaitForRunningAsync(app, "web", serving, restartCount: 2);
            seen.Add(third);
            await Poll.UntilAsync(() => Task.FromResult(ProcessProbe.ListenerPid(port) == third),
                () => $"port {port} is served by pid {ProcessProbe.ListenerPid(port)}, not the restarted pid {third}", PythonIntegrationTests.Deadline);
        }

        // Nothing outlives the AppHost.
        await Poll.UntilAsync(() => Task.FromResult(!seen.Any(ProcessProbe.IsAlive)),
            () => $"still alive after the AppHost stopped: {string.Join(", ", seen.Where(ProcessProbe.IsAlive))}", PythonIntegrationTests.Deadline);
    }

    [Fact]
    public async Task Saving_a_source_file_rebuilds_and_restarts_the_project_and_a_compile_error_stops_it_with_the_error_in_its_log()
    {
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddProject("web", project.ProjectPath)
            .WithHttpEndpoint(isProxied: false)
            .WithDirectLaunch()
            .WithRebuildOnChange()
            .WithRestartPolicy();
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        await using var log = new ResourceLogCollector(app, "web");
        var port = await ServingPortAsync(app);
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
        var first = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.Running));
        Assert.StartsWith("version ", await client.GetStringAsync("/"));

        await File.WriteAllTextAsync(project.ProgramPath, TestWebProject.Program("version 2"));
        await Poll.UntilAsync(async () => await BodyAsync(client) == "version 2",
            () => $"GET / did not answer 'version 2' within {BuildDeadline}. Log:\n{log.Text}", BuildDeadline);
        var second = ProcessProbe.Pid(await PythonIntegrationTests.WaitForStateAsync(app, "web", KnownResourceStates.Running));
        Assert.NotEqual(first, second);
        Assert.False(ProcessProbe.IsAlive(first), $"the previous build (pid {first}) still runs");
        await log.WaitForLineAsync(l => l.Contains("[watch] Program.cs changed: rebuilding.", StringComparison.Ordinal), "announcing the rebuild", TimeSpan.FromSeconds(5));

        // A compile error: the build's error in the log, the resource FailedToStart, the previous build not running.
        var before = log.Count;
        await File.WriteAllTextAsync(project.ProgramPath, TestWebProject.Program("version 3") + "\nthis is not C#\n");
        var failed = await WaitForAsync(app, "web", e => e.Snapshot.State?.Text == KnownResourceStates.FailedToStart, "FailedToStart after the broken save", BuildDeadline);
        Assert.Equal(KnownResourceStateStyles.Error, failed.Snapshot.State?.Style);
        await log.WaitForLineAsync(l => l.Contains("error CS", StringComparison.Ordinal) && l.Contains("Program.cs", StringComparison.Ordinal),
            "with the compiler error", TimeSpan.FromSeconds(10), before);
        Assert.False(ProcessProbe.IsAlive(second), $"the previous build (pid {second}) still runs after a failed build");
        Assert.Equal(0, ProcessProbe.ListenerPid(port));

        // The fix builds and starts it again.
        await File.WriteAllTextAsync(project.ProgramPath, TestWebProject.Program("version 3"));
        await Poll.UntilAsync(async () => await BodyAsync(client) == "version 3",
            () => $"GET / did not answer 'version 3' within {BuildDeadline} after the fix. Log:\n{log.Text}", BuildDeadline);
    }

    private static async Task<int> ServingPortAsync(DistributedApplication app)
    {
        using var deadline = new CancellationTokenSource(PythonIntegrationTests.Deadline);
        await app.ResourceNotifications.WaitForResourceAsync("web", KnownResourceStates.Running, deadline.Token);
        var port = app.GetEndpoint("web", "http").Port;
        await ListenerAsync(port);
        return port;
    }

    private static async Task<int> ListenerAsync(int port)
    {
        var pid = 0;
        await Poll.UntilAsync(() => Task.FromResult((pid = ProcessProbe.ListenerPid(port)) > 0), $"nothing listens on port {port}", PythonIntegrationTests.Deadline);
        return pid;
    }

    private static async Task<string?> BodyAsync(HttpClient client)
    {
        try
        {
            return await client.GetStringAsync("/");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }
}
