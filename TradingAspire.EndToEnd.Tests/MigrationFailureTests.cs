using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The real AppHost with a migrations directory whose second script fails: the migrations resource exits non-zero
/// naming the file and PostgreSQL's message, and the gateway, which starts beside the migrations, never takes orders:
/// its <c>/health</c> stays 503 naming the script it waits for, and Aspire never sees it healthy (trading-api needs only
/// the database to start: it reports its queries' failures per request).
/// </summary>
[Trait("Category", "Integration")]
public sealed class MigrationFailureTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"migration-failure-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "migrations")).FullName;
        File.WriteAllText(Path.Combine(scripts, "0001_ok.sql"), "CREATE TABLE first_table (id int PRIMARY KEY);");
        File.WriteAllText(Path.Combine(scripts, "0002_broken.sql"), "INSERT INTO missing_table VALUES (1);");
        return Task.CompletedTask;
    }

    public Task DisposeAsync()
    {
        TradingSystem.DeleteDirectory(_root);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_failing_script_ends_migrations_with_its_file_and_message_and_the_gateway_never_takes_orders()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(
            [$"--TradingAspire:StateDirectory={Path.Combine(_root, "state")}", $"--Migrations:Directory={Path.Combine(_root, "migrations")}",
             $"--TradingAspire:LogFiles:Directory={Path.Combine(_root, "logs")}"],
            (options, _) => options.DisableDashboard = true);
        TelemetryExportOff.Apply(builder); // no dashboard: else the migrations and the gateway each spend 10 s flushing telemetry as they stop
        await using var app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(TradingSystem.Timeout);
        await app.StartAsync(deadline.Token);

        ResourceEvent ended;
        try
        {
            ended = await app.ResourceNotifications.WaitForResourceAsync(TradingSystem.Migrations,
                e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", deadline.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"migrations never ended; resources then: {StatesOf(app)}");
        }

        Assert.NotEqual(0, ended.Snapshot.ExitCode);
        // The resource's console output, as the log file writer (subscribed before it started) kept it.
        var logFile = Path.Combine(_root, "logs", "migrations.log");
        const string Expected = "Migration 0002_broken.sql failed: 42P01: relation \"missing_table\" does not exist";
        await Poll.UntilAsync(() => Task.FromResult(File.Exists(logFile) && File.ReadAllText(logFile).Contains(Expected, StringComparison.Ordinal)),
            () => $"{logFile} never held '{Expected}'; it holds:\n{(File.Exists(logFile) ? File.ReadAllText(logFile) : "(no file)")}", TimeSpan.FromSeconds(60));
        // The gateway started beside the migrations; it waits for the newest script, which never comes.
        using var gateway = app.CreateHttpClient("gateway", "http");
        const string Waiting = "Orders are not taken: the database schema is not ready: migration 0002_broken.sql is not applied yet (the migrations resource applies it).";
        var health = "";
        await Poll.UntilAsync(async () =>
            {
                try
                {
                    using var response = await gateway.GetAsync("/health", deadline.Token);
                    health = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(deadline.Token)}";
                    return response.StatusCode == System.Net.HttpStatusCode.ServiceUnavailable && health.Contains(Waiting, StringComparison.Ordinal);
                }
                catch (HttpRequestException ex)
                {
                    health = ex.Message;
                    return false;
                }
            },
            () => $"the gateway's /health never said '{Waiting}' with 503; last answer: {health}; resources: {StatesOf(app)}", TimeSpan.FromSeconds(60));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("gateway", out var state), "no state for gateway");
        Assert.NotEqual(HealthStatus.Healthy, state.Snapshot.HealthStatus);
    }

    private static string StatesOf(DistributedApplication app)
        => string.Join(", ", new[] { "postgres", "trading", TradingSystem.Migrations, "gateway", "trading-api" }
            .Select(name => $"{name}={(app.ResourceNotifications.TryGetCurrentState(name, out var e) ? e.Snapshot.State?.Text : "?")}"));

}
