namespace Aspire.Hosting.JavaScript;

/// <summary>A Node script run as <c>node {script}</c> (as Aspire 13's <c>NodeAppResource</c>).</summary>
public class NodeAppResource(string name, string command, string workingDirectory)
    : JavaScriptAppResource(name, command, workingDirectory), IContainerFilesDestinationResource;
