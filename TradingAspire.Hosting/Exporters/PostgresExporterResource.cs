namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Debian's postgres_exporter for one <see cref="PostgresExecutableResource"/>: its statistics as Prometheus metrics at
/// <c>/metrics</c> (<c>pg_up</c> 1 while it can query the server). Added with <c>WithPostgresExporter</c>.
/// </summary>
/// <param name="name">The resource name, e.g. <c>postgres-exporter</c>.</param>
/// <param name="server">The server it connects to, as its superuser, on the maintenance database <c>postgres</c>.</param>
/// <param name="workingDirectory">The working directory of the process.</param>
public class PostgresExporterResource(string name, PostgresExecutableResource server, string workingDirectory)
    : ExecutableResource(name, "prometheus-postgres-exporter", workingDirectory)
{
    /// <summary>The command that installs the exporter on Debian, named when it is missing.</summary>
    public const string DebianInstallCommand = "apt-get install -y prometheus-postgres-exporter";

    /// <summary>The server whose metrics it serves.</summary>
    public PostgresExecutableResource Server { get; } = server ?? throw new ArgumentNullException(nameof(server));
}
