using System.Diagnostics;

namespace TradingAspire.TestSupport;

/// <summary>
/// The built TradingAspire.AppHost run as its own process, as `dotnet run --project TradingAspire.AppHost -- ARGS` runs
/// it after its build: bin/{Configuration}/net10.0 of the project (the test project's own configuration), in the
/// project directory, with no environment name set (Production, as the Aspire CLI publishes).
/// </summary>
public static class AppHostProcess
{
    /// <summary>The repository root: the nearest directory above the test assembly that holds TradingAspire.sln.</summary>
    /// <exception cref="DirectoryNotFoundException">No such directory (the tests run outside a checkout).</exception>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TradingAspire.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No directory above {AppContext.BaseDirectory} holds TradingAspire.sln.");
    }

    /// <summary>
    /// Runs the AppHost with <paramref name="arguments"/> until it exits; returns its exit code, standard output and
    /// standard error (apart, so a test can assert what a user reads on each).
    /// </summary>
    /// <exception cref="TimeoutException">It did not exit within <paramref name="timeout"/> (it is then killed, with its process tree).</exception>
    public static async Task<(int ExitCode, string StandardOutput, string StandardError)> RunAsync(
        IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var project = Path.Combine(RepositoryRoot(), "TradingAspire.AppHost");
#if DEBUG
        const string configuration = "Debug";
#else
        const string configuration = "Release";
#endif
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = project, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(project, "bin", configuration, "net10.0", "TradingAspire.AppHost.dll"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var name in new[] { "DOTNET_ENVIRONMENT", "ASPNETCORE_ENVIRONMENT" })
        {
            start.Environment.Remove(name);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var standardError = process.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The AppHost did not exit within {timeout}. Its output:\n{await standardOutput}{await standardError}");
        }

        return (process.ExitCode, await standardOutput, await standardError);
    }
}
