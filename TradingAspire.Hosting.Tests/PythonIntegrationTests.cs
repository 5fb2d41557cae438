using System.Text.Json;

namespace TradingAspire.Hosting.Tests;

/// <summary>Python resources run by Aspire (DCP) with real uvicorn and /usr/bin/python3, each app a tiny one in a temp directory.</summary>
public sealed class PythonIntegrationTests() : AspireProcessTests("pyrun-")
{
    internal static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    internal static readonly string[] EndedStates = [KnownResourceStates.Exited, KnownResourceStates.Finished, KnownResourceStates.FailedToStart];

    internal static IDistributedApplicationTestingBuilder CreateBuilder() => CreateHeadlessBuilder();

    /// <summary>Waits for <paramref name="resource"/> to reach one of <paramref name="states"/>; fails after <see cref="Deadline"/>.</summary>
    internal static async Task<ResourceEvent> WaitForStateAsync(DistributedApplication app, string resource, params string[] states)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            return await app.ResourceNotifications.WaitForResourceAsync(resource, e => states.Contains(e.Snapshot.State?.Text), deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            app.ResourceNotifications.TryGetCurrentState(resource, out var current);
            throw new TimeoutException($"'{resource}' did not reach {string.Join('/', states)} within {Deadline}; it is {current?.Snapshot.State?.Text ?? "unknown"}.");
        }
    }

    /// <summary>The first console/log line of <paramref name="resource"/> containing <paramref name="fragment"/>; fails after <see cref="Deadline"/>.</summary>
    internal static async Task<string> WaitForLogAsync(DistributedApplication app, string resource, string fragment)
        => (await WaitForLogLinesAsync(app, resource, fragment))[^1].Content;

    /// <summary>The console/log lines of <paramref name="resource"/> up to the first containing <paramref name="fragment"/>; fails after <see cref="Deadline"/>.</summary>
    internal static async Task<IReadOnlyList<LogLine>> WaitForLogLinesAsync(DistributedApplication app, string resource, string fragment)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        var seen = new List<LogLine>();
        try
        {
            var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
            await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(model).WithCancellation(deadline.Token))
            {
                foreach (var line in batch)
                {
                    seen.Add(line);
                    if (line.Content.Contains(fragment, StringComparison.Ordinal))
                    {
                        return seen;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
        }

        throw new TimeoutException($"No log line of '{resource}' contains \"{fragment}\" within {Deadline}. Lines:\n{string.Join('\n', seen.Select(l => l.Content))}");
    }

    private string WriteApp(string name, string mainPy, string requirements)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Root.FullName, name)).FullName;
        File.WriteAllText(Path.Combine(directory, "main.py"), mainPy);
        File.WriteAllText(Path.Combine(directory, "requirements.txt"), requirements);
        return directory;
    }

    [Fact]
    public async Task Uvicorn_app_reaches_healthy_and_serves()
    {
        var directory = WriteApp("api", """
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/health")
            def health() -> dict:
                return {"status": "ok"}
            """, "fastapi  # debian: python3-fastapi\n");
        await using var builder = CreateBuilder();
        builder.AddUvicornApp("api", directory, "main:app").WithHttpHealthCheck("/health");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        using var deadline = new CancellationTokenSource(Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", deadline.Token);
        using var client = app.CreateHttpClient("api", "http");
        Assert.Equal("""{"status":"ok"}""", await client.GetStringAsync("/health", deadline.Token));
    }

    /// <summary>
    /// With --reload (Development) or --workers (elsewhere) uvicorn binds the listening socket itself, with protocol
    /// number 0, and asyncio then left Nagle's algorithm on for every accepted connection: a response written as
    /// headers then body waited for the client's delayed ACK, 40 ms per request on a kept-alive connection. The app
    /// here looks up its own end of the request's connection (in /proc/self/fd, by the client's address) and answers
    /// whether TCP_NODELAY is set on it.
    /// </summary>
    [Theory]
    [InlineData("Development", 1)]
    [InlineData("Production", 2)]
    public async Task Uvicorn_connections_have_TCP_NODELAY_under_the_reload_and_worker_supervisors(string environment, int workers)
    {
        var directory = WriteApp("nodelay", """
            import json
            import os
            import socket

            def nodelay(client):
                for fd in os.listdir("/proc/self/fd"):
                    try:
                        sock = socket.socket(fileno=os.dup(int(fd)))
                    except OSError:
                        continue
                    try:
                        if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM and sock.getpeername()[:2] == client:
                            return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
                    except OSError:
                        pass
                    finally:
                        sock.close()
                return None

            async def app(scope, receive, send):
                if scope["type"] != "http":
                    return
                body = json.dumps({"pid": os.getpid(), "nodelay": nodelay(tuple(scope["client"]))}).encode()
                await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
                await send({"type": "http.response.body", "body": body})
            """, "uvicorn  # debian: python3-uvicorn\n");
        await using var builder = CreateHeadlessBuilder(environment);
        builder.AddUvicornApp("api", directory, "main:app").WithWorkers(workers).WithHttpHealthCheck("/");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        using var deadline = new CancellationTokenSource(Deadline);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", deadline.Token);
        var arguments = (await File.ReadAllTextAsync($"/proc/{ProcessId(app, "api")}/cmdline", deadline.Token)).Split('\0');
        Assert.Contains(environment == "Development" ? "--reload" : "--workers", arguments);

        // uvicorn's information lines, the supervisor's and its server's, are standard output, not the dashboard's errors.
        var lines = await WaitForLogLinesAsync(app, "api", "Application startup complete.");
        Assert.Contains(lines, l => l.Content.Contains(environment == "Development" ? "Started reloader process" : "Started parent process", StringComparison.Ordinal));
        Assert.All(lines.Where(l => l.Content.Contains("INFO:", StringComparison.Ordinal)), l => Assert.False(l.IsErrorMessage, $"on standard error: {l.Content}"));

        // Directly on the server's own port (its --port), not through DCP's proxy, whose socket would be the one asked about.
        var port = arguments[Array.IndexOf(arguments, "--port") + 1];
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var request = 0; request < 3; request++) // kept alive: the 2nd and 3rd requests are those Nagle delayed
        {
            using var answer = JsonDocument.Parse(await client.GetStringAsync("/", deadline.Token));
            Assert.True(answer.RootElement.GetProperty("nodelay").GetBoolean(), $"request {request}: {answer.RootElement}");
        }
    }

    private static int ProcessId(DistributedApplication app, string resource)
        => app.ResourceNotifications.TryGetCurrentState(resource, out var state)
            && state.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid
            ? Convert.ToInt32(pid, System.Globalization.CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"'{resource}' has no executable.pid property yet.");

    [Fact]
    public async Task Uvicorn_app_whose_import_fails_ends_instead_of_running_forever()
    {
        var directory = WriteApp("broken", "raise RuntimeError('the app cannot be imported')\n", "");
        await using var builder = CreateBuilder();
        builder.AddUvicornApp("broken", directory, "main:app");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        var ended = await WaitForStateAsync(app, "broken", EndedStates);

        Assert.NotEqual(0, ended.Snapshot.ExitCode);
        await WaitForLogAsync(app, "broken", "the app cannot be imported");
    }

    [Fact]
    public async Task Python_app_with_a_missing_module_fails_to_start_naming_the_apt_get_line()
    {
        var directory = WriteApp("needy", "import no_such_module_tradingaspire\n",
            "no_such_module_tradingaspire  # debian: python3-no-such-module-tradingaspire\n");
        await using var builder = CreateBuilder();
        builder.AddPythonApp("needy", directory, "main.py");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();

        await WaitForStateAsync(app, "needy", KnownResourceStates.FailedToStart);
        var line = await WaitForLogAsync(app, "needy", "apt-get install -y python3-no-such-module-tradingaspire");
        Assert.Contains("/usr/bin/python3 cannot import module 'no_such_module_tradingaspire'", line);
    }
}
