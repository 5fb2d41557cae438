using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>
/// A real PostgreSQL on a data directory initialised with one password, run by Aspire (DCP) with another, given on the
/// command line as a new user would: the AppHost and the server's health say why and how to fix it, and the server is
/// not asked again (a FATAL line in its log each time) faster than Aspire's slowest health check interval.
/// </summary>
public sealed partial class PostgresPasswordMismatchTests : AspireProcessTests
{
    public PostgresPasswordMismatchTests() : base("pgauth-")
    {
        // As root the server runs as 'postgres', which must reach its data directory under this (0700) temp directory.
        if (!OperatingSystem.IsWindows())
        {
            Root.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }
    }

    [Fact]
    public async Task A_data_directory_initialised_with_another_password_is_named_with_the_fix_once_and_the_server_is_asked_at_most_every_5_s()
    {
        var dataDirectory = Path.Combine(Root.FullName, "pgdata");
        await InitialiseAsync(dataDirectory, "first-password");
        await using var builder = DistributedApplicationTestingBuilder.Create(
            ["--environment", "Development", "--Parameters:postgres-password=second-password"], (options, _) => options.DisableDashboard = true);
        builder.Configuration[StateDirectory.ConfigurationKey] = Root.FullName;
        builder.Services.AddFakeLogging();
        builder.AddStartupHealthPolling(); // as the AppHost: every 100 ms until first healthy (the flood was its polling)
        builder.AddPostgresExecutable("postgres").WithDataDirectory(dataDirectory).AddDatabase("trading");
        await using var app = await builder.BuildAsync();
        await app.StartAsync();
        var refusals = RecordRefusals(app, "postgres"); // the log's lines from its first (a log watch replays them)

        var unhealthy = await WaitForAsync(app, "postgres", e => e.Snapshot.HealthReports.Any(r => r.Description?.StartsWith("PostgreSQL refused", StringComparison.Ordinal) == true),
            "a health report of the refused password");
        // The project is the AppHost's directory: TradingAspire.AppHost in the repository; a testing builder's is its content root (bin/…/net10.0).
        var expected = "PostgreSQL refused the password (28P01: password authentication failed for user \"postgres\"): the data directory " +
            $"{dataDirectory} was initialised with another password than Parameters:postgres-password gives (set on the command line). " +
            "Fix: set the original one where Aspire keeps it, the AppHost's user secrets (dotnet user-secrets set Parameters:postgres-password <password> " +
            "--project net10.0), and no other Parameters:postgres-password; or, to start afresh with the configured password, " +
            $"stop the AppHost, move the data directory aside (mv {dataDirectory} {dataDirectory}.old) and start again.";
        var report = Assert.Single(unhealthy.Snapshot.HealthReports);
        Assert.Equal((HealthStatus?)HealthStatus.Unhealthy, report.Status);
        Assert.Equal(expected, report.Description);
        Assert.Equal(KnownResourceStates.Running, unhealthy.Snapshot.State?.Text);
        var logged = await PythonIntegrationTests.WaitForLogAsync(app, "postgres", "PostgreSQL refused the password");
        Assert.Equal(expected, logged[(logged.IndexOf(' ', StringComparison.Ordinal) + 1)..]); // after Aspire's timestamp

        // The window: from the server's first refusal to the check's next attempt, both read from its log (%m timestamps).
        // One attempt is one connection, one FATAL line (with GSS encryption Prefer, Npgsql's default, a refused open is tried again).
        await Poll.UntilAsync(() => Task.FromResult(refusals.Count >= 2 && refusals.Last() - refusals.First() > TimeSpan.FromSeconds(1)),
            () => $"the server logged {refusals.Count} refusals, none a second after the first", PythonIntegrationTests.Deadline);
        var first = refusals.First();
        var next = refusals.First(t => t - first > TimeSpan.FromSeconds(1));
        Assert.True(next - first >= TimeSpan.FromSeconds(4.9), $"the server was asked again after {(next - first).TotalMilliseconds} ms");
        Assert.Equal(1, refusals.Count(t => t < next));
        var console = app.Services.GetFakeLogCollector().GetSnapshot().Where(r => r.Category == "Aspire.Hosting.Postgres");
        var error = Assert.Single(console); // one per run of refusals, not one per check
        Assert.Equal((LogLevel.Error, expected), (error.Level, error.Message));
        Assert.True(app.ResourceNotifications.TryGetCurrentState("trading", out var trading));
        Assert.Equal("Waiting for postgres", trading.Snapshot.State?.Text);
    }

    /// <summary>Runs initdb in <paramref name="dataDirectory"/> with <paramref name="password"/> as the superuser's password.</summary>
    private static async Task InitialiseAsync(string dataDirectory, string password)
    {
        await using var builder = PostgresModelTests.CreateBuilder();
        builder.Configuration["Parameters:postgres-password"] = password;
        var server = builder.AddPostgresExecutable("postgres").WithDataDirectory(dataDirectory).Resource;
        await PostgresDataDirectory.PrepareAsync(server, PostgresInstallation.Current, null, _ => Task.CompletedTask, NullLogger.Instance, CancellationToken.None);
    }

    /// <summary>The times (the server's own) of the refusals in <paramref name="resource"/>'s log, from its first line on.</summary>
    private static ConcurrentQueue<DateTime> RecordRefusals(DistributedApplication app, string resource)
    {
        var refusals = new ConcurrentQueue<DateTime>();
        var model = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.Single(r => r.Name == resource);
        var stopping = app.Services.GetRequiredService<Microsoft.Extensions.Hosting.IHostApplicationLifetime>().ApplicationStopping;
        _ = RecordAsync();
        return refusals;

        async Task RecordAsync()
        {
            try
            {
                await foreach (var batch in app.Services.GetRequiredService<ResourceLoggerService>().WatchAsync(model).WithCancellation(stopping))
                {
                    foreach (var line in batch)
                    {
                        if (Refusal().Match(line.Content) is { Success: true } match)
                        {
                            refusals.Enqueue(DateTime.ParseExact(match.Groups[1].Value, "yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture));
                        }
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    [GeneratedRegex(@"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) \S+ \[\d+\] FATAL:  password authentication failed")]
    private static partial Regex Refusal();
}
