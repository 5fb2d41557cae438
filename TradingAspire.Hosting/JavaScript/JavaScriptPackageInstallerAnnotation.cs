namespace Aspire.Hosting.JavaScript;

/// <summary>Links a JavaScript app to its installer resource (<c>{app}-installer</c>).</summary>
public sealed class JavaScriptPackageInstallerAnnotation(ExecutableResource installerResource) : IResourceAnnotation
{
    /// <summary>The installer resource.</summary>
    public ExecutableResource Resource { get; } = installerResource;
}
