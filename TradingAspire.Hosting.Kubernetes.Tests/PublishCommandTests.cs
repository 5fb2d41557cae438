using System.Diagnostics;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The publish command as a user runs it, `dotnet run --project TradingAspire.AppHost -- --operation publish
/// --output-path DIR` (what `aspire publish -o DIR` starts): the built AppHost as its own process, its whole publish
/// pipeline (no `--step`), no container runtime needed. It must exit 0 and write the chart kept in deploy/helm.
/// </summary>
public sealed class PublishCommandTests
{
    [Fact]
    public async Task The_publish_operation_writes_the_chart_and_exits_0_without_a_container_runtime()
    {
        var output = Path.Combine(Path.GetTempPath(), $"tradingaspire-publish-{Guid.NewGuid():N}");
        try
        {
            var (exitCode, log) = await RunAppHostAsync(["--operation", "publish", "--output-path", output]);

            Assert.True(exitCode == 0, $"The publish operation exited with {exitCode}. Its output:\n{log}");
            var snapshot = Path.Combine(ChartReferenceTests.RepositoryRoot(), "deploy", "helm", "tradingaspire");
            var expected = Directory.EnumerateFiles(snapshot, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(snapshot, f)).Order(StringComparer.Ordinal).ToList();
            var written = Directory.EnumerateFiles(output, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(output, f)).Order(StringComparer.Ordinal).ToList();
            Assert.Equal(expected, written);
            Assert.All(expected, file => Assert.True(
                File.ReadAllText(Path.Combine(snapshot, file)) == File.ReadAllText(Path.Combine(output, file)),
                $"{file} written by the publish operation differs from deploy/helm/tradingaspire/{file}."));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>
    /// Starts the built AppHost (bin/{Configuration}/net10.0 of TradingAspire.AppHost, as `dotnet run` would after its
    /// build) in its project directory with <paramref name="arguments"/>, no environment name set (Production, as the
    /// Aspire CLI publishes); returns its exit code and output. Killed after 3 minutes.
    /// </summary>
    private static async Task<(int ExitCode, string Output)> RunAppHostAsync(string[] arguments)
    {
        var project = Path.Combine(ChartReferenceTests.RepositoryRoot(), "TradingAspire.AppHost");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(project, "bin", configuration, "net10.0", "TradingAspire.AppHost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start)!;
        var standardOutput = process.StandardOutput.ReadToEndAsync();
        var standardError = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The publish operation did not end within 3 minutes. Its output:\n{await standardOutput}{await standardError}");
        }

        return (process.ExitCode, await standardOutput + await standardError);
    }
}
