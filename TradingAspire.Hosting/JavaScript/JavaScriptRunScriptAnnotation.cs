namespace Aspire.Hosting.JavaScript;

/// <summary>The package.json script that runs the app (e.g. <c>dev</c>) and its arguments (after the package manager's separator).</summary>
public sealed class JavaScriptRunScriptAnnotation(string scriptName, string[]? args) : IResourceAnnotation
{
    /// <summary>The script name in package.json.</summary>
    public string ScriptName { get; } = scriptName;

    /// <summary>Arguments passed to the script.</summary>
    public string[] Args { get; } = args ?? [];
}
