namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A native process: a command, its working directory, arguments and environment.</summary>
public class ExecutableResource(string name, string command, string workingDirectory)
    : Resource(name), IResourceWithEnvironment, IResourceWithArgs, IResourceWithServiceDiscovery, IResourceWithWaitSupport
{
    /// <summary>The program to run: an absolute path or a name found on PATH.</summary>
    public string Command { get; protected set; } = command;

    /// <summary>The working directory of the process (absolute).</summary>
    public string WorkingDirectory { get; } = workingDirectory;
}
