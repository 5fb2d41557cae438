namespace TradingAspire.Hosting.Orchestration.Processes;

/// <summary>Everything needed to launch one process of a resource.</summary>
public sealed record ProcessSpec(
    string ResourceName,
    string Command,
    IReadOnlyList<string> Args,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    string? RunAsUser = null);
