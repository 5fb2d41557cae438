namespace TradingAspire.Hosting;

/// <summary>The <c>{app}-installer</c> child resource added by <c>WithPip()</c>: <c>pip install</c> into the app's virtual environment.</summary>
/// <param name="name">The resource name, <c>{app}-installer</c>.</param>
/// <param name="workingDirectory">The app directory.</param>
internal sealed class PythonInstallerResource(string name, string workingDirectory)
    : ExecutableResource(name, PythonInterpreter.DebianPython, workingDirectory);
