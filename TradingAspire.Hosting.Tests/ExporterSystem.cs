namespace TradingAspire.Hosting.Tests;

/// <summary>
/// One started system shared by <see cref="PrometheusExporterIntegrationTests"/>: PostgreSQL and Redis with their
/// exporters, Prometheus scraping them, and an exporter whose executable is missing; random ports, a temporary state
/// directory.
/// </summary>
public sealed class ExporterSystem : IAsyncLifetime
{
    /// <summary>The exporter added with a command that does not exist.</summary>
    public const string MissingExporter = "missing-exporter";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("exporters-");
    private IDistributedApplicationTestingBuilder? _builder;

    public DistributedApplication App { get; private set; } = null!;

    public PostgresExecutableResource Postgres { get; private set; } = null!;

    public RedisExecutableResource Redis { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        // As root the server runs as 'postgres', which must reach its data directory under this (0700) temp directory.
        if (!OperatingSystem.IsWindows())
        {
            _root.UnixFileMode |= UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;
        }

        _builder = PythonIntegrationTests.CreateBuilder();
        _builder.Configuration[StateDirectory.ConfigurationKey] = _root.FullName;
        Postgres = _builder.AddPostgresExecutable("postgres").WithPostgresExporter().Resource;
        Redis = _builder.AddRedisExecutable("redis")
            .WithRedisExporter()
            .WithRedisExporter(exporter => exporter.WithCommand("/nonexistent/bin/prometheus-redis-exporter"), MissingExporter)
            .Resource;
        _builder.AddPrometheus("prometheus", port: null);
        App = await _builder.BuildAsync();
        await App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (App is not null)
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }

        if (_builder is not null)
        {
            await _builder.DisposeAsync();
        }

        _root.Delete(recursive: true);
    }
}
