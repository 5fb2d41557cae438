namespace Aspire.Hosting.JavaScript;

/// <summary>A Node script run as <c>node {script}</c> (as Aspire 13's <c>NodeAppResource</c>).</summary>
/// <param name="name">The resource name.</param>
/// <param name="command">The program that runs (<c>node</c>).</param>
/// <param name="workingDirectory">The app directory (absolute).</param>
public class NodeAppResource(string name, string command, string workingDirectory)
    : JavaScriptAppResource(name, command, workingDirectory), IContainerFilesDestinationResource;
