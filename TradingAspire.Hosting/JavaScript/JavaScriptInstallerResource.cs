namespace Aspire.Hosting.JavaScript;

/// <summary>The <c>{app}-installer</c> child of <c>WithNpm()</c> (as Aspire 13's) that installs the app's packages.</summary>
/// <param name="name">The resource name, <c>{app}-installer</c>.</param>
/// <param name="workingDirectory">The app directory.</param>
public class JavaScriptInstallerResource(string name, string workingDirectory)
    : ExecutableResource(name, "npm", workingDirectory);
