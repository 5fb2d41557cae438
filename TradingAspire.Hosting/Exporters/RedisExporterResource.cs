namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// Debian's redis_exporter for one <see cref="RedisExecutableResource"/>: its INFO as Prometheus metrics at
/// <c>/metrics</c> (<c>redis_up</c> 1 while it can reach the server). Added with <c>WithRedisExporter</c>.
/// </summary>
/// <param name="name">The resource name, e.g. <c>redis-exporter</c>.</param>
/// <param name="server">The server it connects to, with its password.</param>
/// <param name="workingDirectory">The working directory of the process.</param>
public class RedisExporterResource(string name, RedisExecutableResource server, string workingDirectory)
    : ExecutableResource(name, "prometheus-redis-exporter", workingDirectory)
{
    /// <summary>The command that installs the exporter on Debian, named when it is missing.</summary>
    public const string DebianInstallCommand = "apt-get install -y prometheus-redis-exporter";

    /// <summary>The server whose metrics it serves.</summary>
    public RedisExecutableResource Server { get; } = server ?? throw new ArgumentNullException(nameof(server));
}
