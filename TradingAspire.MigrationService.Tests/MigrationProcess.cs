using System.Diagnostics;
using System.Reflection;

namespace TradingAspire.MigrationService.Tests;

/// <summary>Runs the built TradingAspire.MigrationService as a real process (<c>dotnet TradingAspire.MigrationService.dll</c>).</summary>
public static class MigrationProcess
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    /// <summary>The repository's checkout (the folder holding TradingAspire.sln).</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>The repository's real migrations, db/migrations.</summary>
    public static string RepositoryMigrations => Path.Combine(RepositoryRoot, "db", "migrations");

    /// <summary>Exit code and everything the process wrote (standard output, then standard error).</summary>
    public sealed record Result(int ExitCode, string Output);

    /// <summary>
    /// Runs the service with the given environment (null removes a variable) in <paramref name="workingDirectory"/>
    /// and waits for it to exit.
    /// </summary>
    public static async Task<Result> RunAsync(IReadOnlyDictionary<string, string?> environment, string? workingDirectory = null)
    {
        var configuration = typeof(MigrationProcess).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var dll = Path.Combine(RepositoryRoot, "TradingAspire.MigrationService", "bin", configuration, "net10.0", "TradingAspire.MigrationService.dll");
        Assert.True(File.Exists(dll), $"{dll} is missing; build TradingAspire.MigrationService first.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        start.ArgumentList.Add(dll);
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("OTEL_", StringComparison.Ordinal)
            || k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("Migrations__", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(Deadline);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The migration service did not exit within {Deadline}: {await output}{await error}");
        }

        return new Result(process.ExitCode, await output + await error);
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TradingAspire.sln above {AppContext.BaseDirectory}.");
    }
}
