using Microsoft.Extensions.DependencyInjection;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The real AppHost with a migrations directory whose second script fails: the migrations resource exits non-zero
/// naming the file and PostgreSQL's message, and no dependent of it (gateway, trading-api and theirs) starts.
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
    public async Task AFailingScriptEndsMigrationsWithItsFileAndMessageAndNoDependentStarts()
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(
            [$"--TradingAspire:StateDirectory={Path.Combine(_root, "state")}", $"--Migrations:Directory={Path.Combine(_root, "migrations")}"],
            (options, _) => options.DisableDashboard = true);
        await using var app = await builder.BuildAsync();
        using var deadline = new CancellationTokenSource(TradingSystem.Timeout);
        await app.StartAsync(deadline.Token);

        var ended = await app.ResourceNotifications.WaitForResourceAsync(TradingSystem.Migrations,
            e => e.Snapshot.State?.Text is "Finished" or "Exited" or "FailedToStart", deadline.Token);

        Assert.NotEqual(0, ended.Snapshot.ExitCode);
        var log = await ConsoleLogAsync(app, ended.ResourceId, "0002_broken.sql", deadline.Token);
        Assert.Contains("Migration 0002_broken.sql failed: 42P01: relation \"missing_table\" does not exist", log);
        foreach (var dependent in new[] { "gateway", "trading-api" })
        {
            var state = await app.ResourceNotifications.WaitForResourceAsync(dependent, e => e.Snapshot.State?.Text is "FailedToStart" or "Waiting", deadline.Token);
            Assert.Null(state.Snapshot.Properties.FirstOrDefault(p => p.Name.EndsWith(".pid", StringComparison.Ordinal))?.Value);
        }
    }

    /// <summary>The console output of DCP instance <paramref name="resourceId"/>, read until a line contains <paramref name="expected"/>.</summary>
    private static async Task<string> ConsoleLogAsync(DistributedApplication app, string resourceId, string expected, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        // Console logs are kept per DCP instance ("migrations-abcd1234": the event's ResourceId), not per resource name.
        await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(resourceId).WithCancellation(cancellationToken))
        {
            lines.AddRange(batch.Select(line => line.Content));
            if (lines.Any(line => line.Contains(expected, StringComparison.Ordinal) && line.Contains("failed", StringComparison.Ordinal)))
            {
                break;
            }
        }

        return string.Join(Environment.NewLine, lines);
    }
}
