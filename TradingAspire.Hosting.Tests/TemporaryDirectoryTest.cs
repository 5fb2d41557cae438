namespace TradingAspire.Hosting.Tests;

/// <summary>A test class with its own temporary directory, <see cref="Root"/>, deleted after each test.</summary>
/// <param name="prefix">The directory name's prefix, e.g. <c>pgmodel-</c>.</param>
public abstract class TemporaryDirectoryTest(string prefix) : IDisposable
{
    protected DirectoryInfo Root { get; } = Directory.CreateTempSubdirectory(prefix);

    public void Dispose()
    {
        Root.Delete(recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>A testing builder without the dashboard, in the given environment (for model tests, and for started apps on random ports).</summary>
    internal static IDistributedApplicationTestingBuilder CreateHeadlessBuilder(string environment = "Development")
        => DistributedApplicationTestingBuilder.Create(["--environment", environment], (options, _) => options.DisableDashboard = true);
}
