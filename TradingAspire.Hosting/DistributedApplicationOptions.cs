namespace TradingAspire.Hosting;

/// <summary>Options for <see cref="DistributedApplication.CreateBuilder(DistributedApplicationOptions)"/>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>Command-line arguments of the AppHost.</summary>
    public string[] Args { get; init; } = [];

    /// <summary>Directory of the AppHost project; defaults to the one recorded at build time, else the current directory.</summary>
    public string? AppHostDirectory { get; init; }
}
