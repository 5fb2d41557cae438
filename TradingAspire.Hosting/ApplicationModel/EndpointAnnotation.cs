namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A network endpoint a resource listens on.</summary>
/// <param name="name">Endpoint name, e.g. <c>http</c> or <c>tcp</c>.</param>
/// <param name="uriScheme">Scheme used to build the URL (<c>http</c>, <c>tcp</c>, <c>redis</c>...).</param>
/// <param name="port">The port declared for the endpoint; null means "pick a free port".</param>
/// <param name="targetPort">The port the process listens on; with native processes it equals the allocated port.</param>
/// <param name="environmentVariable">Variable through which the process learns its port (e.g. <c>PORT</c>).</param>
public sealed class EndpointAnnotation(string name, string uriScheme, int? port, int? targetPort, string? environmentVariable)
    : IResourceAnnotation
{
    /// <summary>Endpoint name, unique within the resource.</summary>
    public string Name { get; } = name;

    /// <summary>Scheme of the endpoint URL.</summary>
    public string UriScheme { get; } = uriScheme;

    /// <summary>Declared port; may be overridden by configuration (<c>Resources:{name}:Endpoints:{endpoint}:Port</c>).</summary>
    public int? Port { get; set; } = port;

    /// <summary>Declared target port.</summary>
    public int? TargetPort { get; } = targetPort;

    /// <summary>Environment variable that carries the allocated port to the process.</summary>
    public string? EnvironmentVariable { get; } = environmentVariable;

    /// <summary>The address actually used at run time, set by the orchestrator before the resource starts.</summary>
    public AllocatedEndpoint? AllocatedEndpoint { get; set; }

    /// <summary>True for endpoints whose URL is an HTTP URL service discovery can hand out.</summary>
    public bool IsHttp => UriScheme is "http" or "https";
}
