namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Where an endpoint really listens once the orchestrator has allocated its port.</summary>
public sealed record AllocatedEndpoint(string UriScheme, string Host, int Port)
{
    /// <summary>The endpoint URL, e.g. <c>http://127.0.0.1:8000</c>.</summary>
    public string Url => $"{UriScheme}://{Host}:{Port}";

    /// <inheritdoc />
    public override string ToString() => Url;
}
