using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The Dockerfiles of our Python apps (apps/trading-api, apps/strategy) install, in the image they run in, the Debian
/// package of every module their <c>requirements.txt</c> names — the list the AppHost's import check reads on the
/// developer machine — so an image cannot lack a module the machine has (as trading-api's lacked python3-jwt).
/// </summary>
public sealed class AppDockerfileTests
{
    public static TheoryData<string> PythonApps => new() { "trading-api", "strategy" };

    [Theory]
    [MemberData(nameof(PythonApps))]
    public void The_image_of_a_Python_app_installs_the_Debian_package_of_every_module_of_its_requirements(string app)
    {
        var directory = Path.Combine(AppHostProcess.RepositoryRoot(), "apps", app);
        var requirements = PythonRequirements.Read(directory);
        Assert.NotEmpty(requirements);
        var dockerfile = File.ReadAllText(Path.Combine(directory, "Dockerfile"));
        // The packages of the image the app runs in: the last stage's lines, continuation lines joined.
        var runStage = dockerfile[dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..].Replace("\\\n", " ", StringComparison.Ordinal);
        var installed = runStage.Split('\n').Where(line => line.Contains("apt-get install", StringComparison.Ordinal))
            .SelectMany(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToHashSet(StringComparer.Ordinal);

        var missing = requirements.Where(r => !installed.Contains(r.DebianPackage)).Select(r => $"{r.Module} ({r.DebianPackage})").ToList();
        Assert.True(missing.Count == 0, $"apps/{app}/Dockerfile's image does not install: {string.Join(", ", missing)}");
    }
}
