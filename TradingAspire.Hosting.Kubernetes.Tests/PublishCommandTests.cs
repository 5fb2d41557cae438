using TradingAspire.TestSupport;

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
            var (exitCode, standardOutput, standardError) = await AppHostProcess.RunAsync(["--operation", "publish", "--output-path", output], TimeSpan.FromMinutes(3));
            var log = standardOutput + standardError;

            Assert.True(exitCode == 0, $"The publish operation exited with {exitCode}. Its output:\n{log}");
            var snapshot = Path.Combine(AppHostProcess.RepositoryRoot(), "deploy", "helm", "tradingaspire");
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
}
