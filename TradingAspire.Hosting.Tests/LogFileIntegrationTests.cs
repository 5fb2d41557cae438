using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;

namespace TradingAspire.Hosting.Tests;

/// <summary>Resource console output kept in files by <c>AddResourceLogFiles</c>, with real processes run by Aspire (DCP).</summary>
public sealed class LogFileIntegrationTests() : AspireProcessTests("logfiles-")
{
    [Fact]
    public async Task Lines_of_a_resource_that_exited_are_in_its_log_file_after_the_app_is_disposed_as_plain_text_after_the_run_marker()
    {
        var logs = Path.Combine(Root.FullName, "logs");
        var marker = Guid.NewGuid().ToString("N");
        string coloured;
        await using (var builder = PythonIntegrationTests.CreateBuilder())
        {
            builder.Services.AddFakeLogging();
            builder.AddResourceLogFiles(logs, maxFileBytes: 64 * 1024, maxFiles: 3);
            builder.AddParameter("unused", "value"); // a resource that is no process: not counted as one
            // A line as the .NET console logger colours it, with a hyperlink (OSC 8) as some tools print them.
            builder.AddExecutable("talker", "/bin/sh", Root.FullName, "-c", $$"""
                echo out-{{marker}}; echo err-{{marker}} >&2
                printf '\033[40m\033[32minfo\033[39m\033[22m\033[49m: colour-{{marker}} \033]8;;https://example.com/\033\\example\033]8;;\033\\\n'
                exit 3
                """);
            await using var app = await builder.BuildAsync();
            await app.StartAsync();
            Assert.Equal($"Each resource's console output goes to {logs}/<resource>.log (65536 bytes per file, 3 files kept).",
                Assert.Single(app.Services.GetFakeLogCollector().GetSnapshot(), r => r.Category == "TradingAspire.Hosting.ResourceLogFileWriter").Message);

            var ended = await PythonIntegrationTests.WaitForStateAsync(app, "talker", PythonIntegrationTests.EndedStates);
            Assert.Equal(3, ended.Snapshot.ExitCode);
            coloured = await PythonIntegrationTests.WaitForLogAsync(app, "talker", $"colour-{marker} \u001b"); // not the command line's
            var file = Path.Combine(logs, "talker.log");
            await Poll.UntilAsync(async () => File.Exists(file) && (await File.ReadAllTextAsync(file)) is var text && text.Contains($"err-{marker}", StringComparison.Ordinal)
                && text.Contains($"colour-{marker} example", StringComparison.Ordinal), $"{file} lacks the err- or colour- line", PythonIntegrationTests.Deadline);
        }

        // The dashboard's stream keeps the escape sequences; the file has the text.
        Assert.EndsWith($"\u001b[40m\u001b[32minfo\u001b[39m\u001b[22m\u001b[49m: colour-{marker} \u001b]8;;https://example.com/\u001b\\example\u001b]8;;\u001b\\", coloured);
        var lines = await File.ReadAllLinesAsync(Path.Combine(logs, "talker.log"));
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z --- AppHost run started \(pid {Environment.ProcessId}\) ---$", lines[0]);
        var output = Assert.Single(lines, line => line.EndsWith($"out-{marker}", StringComparison.Ordinal));
        var error = Assert.Single(lines, line => line.EndsWith($"err-{marker}", StringComparison.Ordinal));
        var plain = Assert.Single(lines, line => line.EndsWith($"colour-{marker} example", StringComparison.Ordinal));
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z OUT out-{marker}$", output);
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z ERR err-{marker}$", error);
        Assert.Matches($@"^\d{{4}}-\d{{2}}-\d{{2}}T\d{{2}}:\d{{2}}:\d{{2}}\.\d{{3}}Z OUT info: colour-{marker} example$", plain);
    }

    [Fact]
    public async Task A_resource_that_fails_to_start_has_its_reason_in_its_log_file_while_start_up_has_not_completed()
    {
        var logs = Path.Combine(Root.FullName, "logs");
        var missing = Path.Combine(Root.FullName, "missing-redis.conf");
        await using var builder = PythonIntegrationTests.CreateBuilder();
        builder.AddResourceLogFiles(logs, maxFileBytes: 64 * 1024, maxFiles: 3);
        builder.AddRedisExecutable("redis").WithConfigurationFile(missing);
        // A resource that never becomes healthy and one that waits for it: Aspire's start-up does not complete.
        builder.Services.AddHealthChecks().AddCheck("never", () => HealthCheckResult.Unhealthy("never healthy"));
        var unhealthy = builder.AddExecutable("unhealthy", "sleep", Root.FullName, "300").WithHealthCheck("never");
        builder.AddExecutable("waiter", "sleep", Root.FullName, "300").WaitFor(unhealthy);
        await using var app = await builder.BuildAsync();
        var starting = app.StartAsync();
        try
        {
            var file = Path.Combine(logs, "redis.log");
            var expected = $"The configuration file of 'redis' does not exist: {missing}.";
            string[] lines = [];
            await Poll.UntilAsync(
                async () => (lines = File.Exists(file) ? await File.ReadAllLinesAsync(file) : []).Any(l => l.Contains(expected, StringComparison.Ordinal)),
                () =>
                {
                    app.ResourceNotifications.TryGetCurrentState("redis", out var redisState);
                    return $"redis is {redisState?.Snapshot.State?.Text}; files [{string.Join(',', Directory.Exists(logs) ? Directory.GetFiles(logs) : [])}]; {file} has no line with \"{expected}\" within {PythonIntegrationTests.Deadline}: [{string.Join(" | ", lines)}]";
                },
                PythonIntegrationTests.Deadline);

            Assert.False(starting.IsCompleted, "start-up completed before the check: the test no longer shows that the file is written without it");
            // The reason as the integration logs it (Aspire's exception lines that follow repeat it).
            var reason = lines.First(l => l.Contains(expected, StringComparison.Ordinal));
            Assert.Matches(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z ERR ", reason);
            Assert.EndsWith($"ERR {expected} Create it (redis.conf syntax, e.g. \"maxmemory 256mb\") or fix the path given to WithConfigurationFile (relative to the AppHost directory).", reason);
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
