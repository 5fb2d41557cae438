using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The chart is kept in the repository (deploy/helm/tradingaspire), so any change to what the AppHost publishes shows
/// in review. After an intended change, refresh it: <c>UPDATE_CHART_SNAPSHOT=1 dotnet test TradingAspire.Hosting.Kubernetes.Tests</c>.
/// </summary>
public sealed class ChartSnapshotTests(PublishedChart chart) : IClassFixture<PublishedChart>
{
    private static string SnapshotDirectory => Path.Combine(AppHostProcess.RepositoryRoot(), "deploy", "helm", "tradingaspire");

    [Fact]
    public void The_published_chart_equals_the_snapshot_in_the_repository()
    {
        if (Environment.GetEnvironmentVariable("UPDATE_CHART_SNAPSHOT") == "1")
        {
            if (Directory.Exists(SnapshotDirectory))
            {
                Directory.Delete(SnapshotDirectory, recursive: true);
            }

            foreach (var (path, text) in chart.Files)
            {
                var file = Path.Combine(SnapshotDirectory, path);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                File.WriteAllText(file, text);
            }
        }

        var snapshot = Directory.Exists(SnapshotDirectory)
            ? Directory.EnumerateFiles(SnapshotDirectory, "*", SearchOption.AllDirectories)
                .ToDictionary(f => Path.GetRelativePath(SnapshotDirectory, f).Replace(Path.DirectorySeparatorChar, '/'), File.ReadAllText)
            : [];
        const string Refresh = "The chart the AppHost publishes differs from deploy/helm/tradingaspire. If the change is intended, run " +
                               "UPDATE_CHART_SNAPSHOT=1 dotnet test TradingAspire.Hosting.Kubernetes.Tests and commit the files.";
        Assert.True(snapshot.Keys.Order(StringComparer.Ordinal).SequenceEqual(chart.Files.Keys), Refresh + " Files: " + string.Join(", ", chart.Files.Keys.Except(snapshot.Keys).Concat(snapshot.Keys.Except(chart.Files.Keys))));
        foreach (var (path, text) in chart.Files)
        {
            Assert.True(snapshot[path] == text, $"{Refresh} First difference in {path}.");
        }
    }
}
