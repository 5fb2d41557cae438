namespace Aspire.Hosting.JavaScript;

/// <summary>The package.json script that builds the app for publishing (e.g. <c>build</c>); not run in run mode.</summary>
public sealed class JavaScriptBuildScriptAnnotation(string scriptName, string[]? args) : IResourceAnnotation
{
    /// <summary>The script name in package.json.</summary>
    public string ScriptName { get; } = scriptName;

    /// <summary>Arguments passed to the script.</summary>
    public string[] Args { get; } = args ?? [];
}
