using System.Diagnostics;

namespace TradingAspire.Hosting.Python;

/// <summary>Checks that an interpreter can import every required module; says which Debian packages to install otherwise.</summary>
public static class PythonModuleCheck
{
    private const string Probe = "import importlib.util, sys; print(' '.join(m for m in sys.argv[1:] if importlib.util.find_spec(m) is None))";

    /// <summary>The modules the interpreter cannot import.</summary>
    public static async Task<IReadOnlyList<string>> FindMissingAsync(string interpreter, IEnumerable<string> modules, CancellationToken cancellationToken)
    {
        var list = modules.ToList();
        if (list.Count == 0)
        {
            return [];
        }

        var startInfo = new ProcessStartInfo(interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(Probe);
        foreach (var module in list)
        {
            startInfo.ArgumentList.Add(module);
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {interpreter}.");
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        return output.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>The message shown when modules are missing: which, and the exact install line.</summary>
    public static string MissingModulesMessage(string resourceName, string interpreter, IReadOnlyList<(string Module, string DebianPackage)> missing)
        => $"Resource '{resourceName}' needs Python modules that {interpreter} cannot import: {string.Join(", ", missing.Select(m => m.Module))}. " +
           $"Install them with: sudo apt-get install -y {string.Join(' ', missing.Select(m => m.DebianPackage).Distinct())} " +
           "(PyPI is not used; or run ./eng/install-prerequisites.sh).";
}
