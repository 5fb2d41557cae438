namespace Aspire.Hosting.JavaScript;

/// <summary>The package.json script that runs the app (e.g. <c>dev</c>) and its extra arguments.</summary>
/// <param name="scriptName">The script name in package.json.</param>
/// <param name="args">Arguments passed to the script (after the package manager's separator).</param>
public sealed class JavaScriptRunScriptAnnotation(string scriptName, string[]? args) : IResourceAnnotation
{
    /// <summary>The script name in package.json.</summary>
    public string ScriptName { get; } = scriptName;

    /// <summary>Arguments passed to the script.</summary>
    public string[] Args { get; } = args ?? [];
}
