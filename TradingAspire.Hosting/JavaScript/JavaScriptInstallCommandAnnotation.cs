namespace Aspire.Hosting.JavaScript;

/// <summary>The package manager arguments that install the app's packages, e.g. <c>["ci"]</c>.</summary>
public sealed class JavaScriptInstallCommandAnnotation(string[] args) : IResourceAnnotation
{
    /// <summary>The install subcommand and its arguments.</summary>
    public string[] Args { get; } = args;

    /// <summary>Extra arguments for a production-only install (publish only; unused here).</summary>
    public string? ProductionInstallArgs { get; init; }
}
