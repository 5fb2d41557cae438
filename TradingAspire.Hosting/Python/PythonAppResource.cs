namespace Aspire.Hosting.Python;

/// <summary>
/// A Python program run as an executable (same type name, base type and interfaces as Aspire 13's
/// <c>Aspire.Hosting.Python.PythonAppResource</c>).
/// </summary>
/// <param name="name">The resource name.</param>
/// <param name="executablePath">The interpreter or executable that runs (absolute path, e.g. <c>/usr/bin/python3</c>).</param>
/// <param name="appDirectory">The app directory (absolute); the process's working directory.</param>
public class PythonAppResource(string name, string executablePath, string appDirectory)
    : ExecutableResource(name, executablePath, appDirectory), IResourceWithServiceDiscovery, IContainerFilesDestinationResource;
