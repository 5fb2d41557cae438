namespace Aspire.Hosting.JavaScript;

/// <summary>The package manager that installs and runs a JavaScript app (npm here).</summary>
public sealed class JavaScriptPackageManagerAnnotation(string executableName, string? runScriptCommand, string? cacheMount = null) : IResourceAnnotation
{
    /// <summary>The executable, e.g. <c>npm</c>.</summary>
    public string ExecutableName { get; } = executableName;

    /// <summary>The subcommand that runs a script, e.g. <c>run</c>.</summary>
    public string? ScriptCommand { get; } = runScriptCommand;

    /// <summary>Its cache directory in a container build (publish only; unused here).</summary>
    public string? CacheMount { get; } = cacheMount;

    /// <summary>What separates the script name from arguments for the script (<c>--</c> for npm); null: none.</summary>
    public string? CommandSeparator { get; init; } = "--";
}
