namespace TradingAspire.Hosting.Python;

/// <summary>Chooses the interpreter: the app's own virtual environment when present, else Debian's Python.</summary>
public static class PythonInterpreter
{
    /// <summary>Debian's interpreter, which sees the python3-* packages (the pyenv one first on PATH does not).</summary>
    public const string SystemPython = "/usr/bin/python3";

    /// <summary><c>{app}/.venv/bin/python</c> when it exists, else <see cref="SystemPython"/>.</summary>
    public static string For(string appDirectory)
    {
        var venv = Path.Combine(appDirectory, ".venv", "bin", "python");
        return File.Exists(venv) ? venv : SystemPython;
    }
}
