using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>A Python program run by the app's <c>.venv</c> interpreter, else Debian's <c>/usr/bin/python3</c>.</summary>
public class PythonAppResource(string name, string interpreter, string appDirectory)
    : ExecutableResource(name, interpreter, appDirectory)
{
    /// <summary>The app's directory (also the working directory).</summary>
    public string AppDirectory => WorkingDirectory;
}

/// <summary>An ASGI app served by uvicorn on the resource's HTTP endpoint.</summary>
public sealed class UvicornAppResource(string name, string interpreter, string appDirectory, string appReference)
    : PythonAppResource(name, interpreter, appDirectory)
{
    /// <summary>The ASGI app, <c>module:attribute</c>.</summary>
    public string AppReference { get; } = appReference;
}
