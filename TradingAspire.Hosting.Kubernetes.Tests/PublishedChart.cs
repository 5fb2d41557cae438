using System.Text;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// The chart of TradingAspire.AppHost as `aspire publish` writes it: the AppHost's own Program.cs run through
/// Aspire.Hosting.Testing in publish mode, environment Production (as the Aspire CLI publishes), only the chart's
/// pipeline step (no image builds), into a temporary directory. Generated once per test class that uses it.
/// The secret parameters are given values here, so a test can prove that none of them reaches the chart.
/// </summary>
public sealed class PublishedChart : IAsyncLifetime
{
    /// <summary>Passwords a developer machine would hold in the AppHost's user secrets (set through configuration).</summary>
    public static readonly IReadOnlyDictionary<string, string> MachineSecrets = new Dictionary<string, string>
    {
        ["postgres-password"] = "machine-postgres-Secret-7Q2x",
        ["redis-password"] = "machine-redis-Secret-9Wk4",
    };

    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"tradingaspire-chart-{Guid.NewGuid():N}");

    /// <summary>Every file of the chart: relative path with '/' → text.</summary>
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var args = new List<string> { "--operation", "publish", "--step", "publish-k8s", "--output-path", _directory, "--environment", "Production" };
        args.AddRange(MachineSecrets.Select(s => $"--Parameters:{s.Key}={s.Value}"));
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TradingAspire_AppHost>(args.ToArray(), timeout.Token);
        await using var app = await builder.BuildAsync(timeout.Token);
        await app.RunAsync(timeout.Token);
        foreach (var file in Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories))
        {
            Files[Path.GetRelativePath(_directory, file).Replace(Path.DirectorySeparatorChar, '/')] = await File.ReadAllTextAsync(file, Encoding.UTF8, timeout.Token);
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    /// <summary>Every template rendered with the chart's default values (values.yaml), parsed into objects.</summary>
    public IReadOnlyList<RenderedObject> Rendered(string? valuesYaml = null)
    {
        var renderer = new HelmTemplateRenderer(valuesYaml ?? Files["values.yaml"]);
        return Templates.SelectMany(t => RenderedObject.Parse(t.Key, renderer.Render(t.Value, t.Key))).ToList();
    }

    /// <summary>The rendered object of <paramref name="kind"/> named <paramref name="name"/>.</summary>
    public RenderedObject Object(string kind, string name) => Assert.Single(Rendered(), o => o.Kind == kind && o.Name == name);

    /// <summary>The templates (<c>templates/**.yaml</c>), by relative path.</summary>
    public IEnumerable<KeyValuePair<string, string>> Templates => Files.Where(f => f.Key.StartsWith("templates/", StringComparison.Ordinal));
}
