using System.ComponentModel;
using CliWrap.Buffered;

namespace TradingAspire.Hosting;

/// <summary>Checks that an interpreter can import the modules an app needs, and names the <c>apt-get</c> line for those it cannot.</summary>
internal static class PythonImportCheck
{
    // Prints the modules (argv[1:]) that the interpreter cannot find, space-separated; run in the app directory so
    // the app's own packages resolve as they will at run time.
    private const string Probe =
        "import importlib.util, sys\n" +
        "def found(m):\n" +
        "    try:\n" +
        "        return importlib.util.find_spec(m) is not None\n" +
        "    except Exception:\n" +
        "        return False\n" +
        "print(' '.join(m for m in sys.argv[1:] if not found(m)))\n";

    /// <summary>The <paramref name="requirements"/> that <paramref name="interpreter"/> cannot import, run as the app will be.</summary>
    /// <exception cref="DistributedApplicationException">The interpreter cannot be run: <c>Resource '{resourceName}' cannot start: …</c>
    /// naming the install line.</exception>
    public static async Task<IReadOnlyList<PythonRequirement>> FindMissingAsync(string resourceName,
        string interpreter, IReadOnlyList<PythonRequirement> requirements, IReadOnlyList<string> pythonPath,
        string workingDirectory, CancellationToken cancellationToken)
    {
        if (requirements.Count == 0)
        {
            return [];
        }

        var environment = pythonPath.Count > 0
            ? new Dictionary<string, string> { ["PYTHONPATH"] = string.Join(Path.PathSeparator, pythonPath) }
            : null;
        BufferedCommandResult result;
        try
        {
            result = await ChildProcess.RunAsync(interpreter, ["-c", Probe, .. requirements.Select(r => r.Module)], cancellationToken, environment,
                Directory.Exists(workingDirectory) ? workingDirectory : null).ConfigureAwait(false);
        }
        catch (Win32Exception ex)
        {
            throw new DistributedApplicationException(
                $"Resource '{resourceName}' cannot start: The Python interpreter {interpreter} cannot be run ({ex.Message}). " +
                "Install Debian's Python with: apt-get install -y python3", ex);
        }

        if (result.ExitCode != 0)
        {
            throw new DistributedApplicationException(
                $"Resource '{resourceName}' cannot start: Checking the Python imports with {interpreter} failed (exit code {result.ExitCode}): " +
                result.StandardError.Trim());
        }

        var missing = result.StandardOutput.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return requirements.Where(r => missing.Contains(r.Module, StringComparer.Ordinal)).ToList();
    }

    /// <summary>
    /// The failure message, e.g. <c>Resource 'strategy' cannot start: /usr/bin/python3 cannot import module 'redis'
    /// (needed by the app; see /app/requirements.txt). Install it with: apt-get install -y python3-redis</c>.
    /// </summary>
    public static string MissingModulesMessage(string resourceName, string interpreter, string appDirectory, IReadOnlyList<PythonRequirement> missing)
    {
        var modules = missing.Count == 1 ? $"module '{missing[0].Module}'" : $"modules {string.Join(", ", missing.Select(m => $"'{m.Module}'"))}";
        var packages = string.Join(' ', missing.Select(m => m.DebianPackage).Distinct(StringComparer.Ordinal));
        return $"Resource '{resourceName}' cannot start: {interpreter} cannot import {modules} " +
               $"(needed by the app; see {Path.Combine(appDirectory, "requirements.txt")}). " +
               $"Install {(missing.Count == 1 ? "it" : "them")} with: apt-get install -y {packages} " +
               "(Debian packages for /usr/bin/python3; PyPI is not used).";
    }
}
