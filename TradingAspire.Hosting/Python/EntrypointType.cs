namespace Aspire.Hosting.Python;

/// <summary>How a Python resource is launched (same names and values as Aspire 13's <c>EntrypointType</c>).</summary>
public enum EntrypointType
{
    /// <summary>An executable: the virtual environment's <c>bin/{name}</c>, else <c>/usr/bin/{name}</c>.</summary>
    Executable = 0,

    /// <summary>A script file run as <c>python {script}</c> (path relative to the app directory).</summary>
    Script = 1,

    /// <summary>A module run as <c>python -m {module}</c>.</summary>
    Module = 2,
}
