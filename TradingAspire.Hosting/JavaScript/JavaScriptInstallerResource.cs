namespace Aspire.Hosting.JavaScript;

/// <summary>
/// The <c>{app}-installer</c> child resource added by <c>WithNpm()</c> (as Aspire 13's): it installs the app's
/// packages and the app waits for it to complete. Its command and arguments are set when the application starts.
/// </summary>
/// <param name="name">The resource name, <c>{app}-installer</c>.</param>
/// <param name="workingDirectory">The app directory.</param>
public class JavaScriptInstallerResource(string name, string workingDirectory)
    : ExecutableResource(name, "npm", workingDirectory);
