namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A Node.js app (an npm script, or Vite run directly) in its own working directory.</summary>
public sealed class NodeAppResource(string name, string command, string workingDirectory)
    : ExecutableResource(name, command, workingDirectory);
