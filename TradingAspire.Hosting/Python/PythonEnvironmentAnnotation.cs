namespace TradingAspire.Hosting;

/// <summary>
/// The Python environment of a resource: the declared virtual environment (absolute path, or null when none was
/// declared) and the interpreter chosen for it (the venv's <c>bin/python</c> when it exists, else
/// <see cref="PythonInterpreter.DebianPython"/>).
/// </summary>
internal sealed record PythonEnvironmentAnnotation(string? VirtualEnvironmentPath, bool CreateIfNotExists, string Interpreter) : IResourceAnnotation;
