namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A resource backed by a native process: a command, its working directory, arguments and environment.</summary>
public abstract class ProcessResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithEndpoints, IResourceWithWaitSupport
{
    /// <summary>The program to run: an absolute path or a name found on PATH.</summary>
    public string Command { get; protected set; } = command;

    /// <summary>The working directory of the process (absolute).</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}

/// <summary>
/// A native program added with <c>AddExecutable</c> (and the base of projects, Python and Node apps). Referencing it
/// injects service-discovery variables for its endpoints.
/// </summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : ProcessResource(name, command, workingDirectory), IResourceWithServiceDiscovery;
