namespace TradingAspire.Hosting;

/// <summary>What a Python resource runs: a script, a module or an executable (the last one added wins).</summary>
/// <param name="Type">How <paramref name="Entrypoint"/> is launched.</param>
/// <param name="Entrypoint">Script path (relative to the app directory), module name or executable name.</param>
internal sealed record PythonEntrypointAnnotation(EntrypointType Type, string Entrypoint) : IResourceAnnotation;
