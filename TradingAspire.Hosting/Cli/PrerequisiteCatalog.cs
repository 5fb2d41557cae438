using System.Diagnostics;

namespace TradingAspire.Hosting.Cli;

/// <summary>The prerequisites <c>doctor</c> checks; <see cref="Prerequisite.Detect"/> returns what was found, or null.</summary>
public static class PrerequisiteCatalog
{
    /// <summary>Python modules the services import, with the Debian package of each.</summary>
    public static IReadOnlyList<(string Module, string Package)> PythonModules { get; } =
    [
        ("fastapi", "python3-fastapi"), ("uvicorn", "python3-uvicorn"), ("asyncpg", "python3-asyncpg"), ("redis", "python3-redis"),
        ("prometheus_client", "python3-prometheus-client"), ("httpx", "python3-httpx"), ("pytest", "python3-pytest"), ("websockets", "python3-websockets"),
    ];

    /// <summary>Every prerequisite, in the order doctor prints them.</summary>
    public static IReadOnlyList<Prerequisite> All()
    {
        var list = new List<Prerequisite>
        {
            new("dotnet", ".NET SDK (AppHost, gateway)", null, () => Run("dotnet", "--version")),
            new("postgresql", "PostgreSQL server binaries", "postgresql", FindPostgresBinDirectory),
            new("redis-server", "Redis server", "redis-server", () => Run("redis-server", "--version")),
            new("python3", "/usr/bin/python3 for the Python services", "python3", () => File.Exists("/usr/bin/python3") ? Run("/usr/bin/python3", "--version") : null),
        };
        list.AddRange(PythonModules.Select(m => new Prerequisite(
            $"python3 module {m.Module}", "imported by trading-api/strategy", m.Package, () => Run("/usr/bin/python3", "-c", $"import {m.Module}") is null ? null : "importable")));
        list.Add(new("node", "Node.js for the trading UI", "nodejs", () => Run("node", "--version")));
        list.Add(new("npm", "npm for the trading UI", "npm", () => Run("npm", "--version")));
        list.Add(new("prometheus", "optional metrics scraper", "prometheus", () => Run("prometheus", "--version"), Required: false));
        list.Add(new("chromium", "browser tests", "chromium", () => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null, Required: false));
        list.Add(new("wrk", "load benchmarks", "wrk", () => Run("wrk", "--version") ?? (File.Exists("/usr/bin/wrk") ? "/usr/bin/wrk" : null), Required: false));
        return list;
    }

    /// <summary>The newest <c>/usr/lib/postgresql/*/bin</c> with a <c>postgres</c> binary, or <c>pg_config --bindir</c>.</summary>
    public static string? FindPostgresBinDirectory()
    {
        var fromLib = Directory.Exists("/usr/lib/postgresql")
            ? Directory.EnumerateDirectories("/usr/lib/postgresql")
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "postgres")) && File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        if (fromLib is not null)
        {
            return fromLib;
        }

        var bin = Run("pg_config", "--bindir")?.Trim();
        return bin is not null && File.Exists(Path.Combine(bin, "postgres")) ? bin : null;
    }

    private static string? Run(string fileName, params string[] args)
    {
        try
        {
            var startInfo = new ProcessStartInfo(fileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in args)
            {
                startInfo.ArgumentList.Add(arg);
            }

            using var process = Process.Start(startInfo)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            if (!process.WaitForExit(15_000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }

            return process.ExitCode == 0 ? output.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()?.Trim() ?? "ok" : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
