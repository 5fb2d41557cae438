namespace Aspire.Hosting.JavaScript;

/// <summary>
/// A JavaScript app run through its package manager's script (<c>npm run dev</c>); same type name, base type and
/// interfaces as Aspire 13's <c>Aspire.Hosting.JavaScript.JavaScriptAppResource</c>.
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="command">The program that runs (<c>npm</c>).</param>
/// <param name="workingDirectory">The app directory (absolute), holding <c>package.json</c>.</param>
public class JavaScriptAppResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory), IResourceWithServiceDiscovery, IResourceWithContainerFiles;
