using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Node;

/// <summary>
/// Runs <c>npm ci</c> before a Node app starts when <c>node_modules</c> is missing or older than
/// <c>package-lock.json</c>; npm's output goes to the resource's console log and its error into the failure message.
/// </summary>
public static class NpmInstallStep
{
    /// <summary>True when the app's dependencies must be installed.</summary>
    public static bool IsNeeded(string workingDirectory)
    {
        var lockFile = Path.Combine(workingDirectory, "package-lock.json");
        var modules = Path.Combine(workingDirectory, "node_modules");
        return !Directory.Exists(modules) || (File.Exists(lockFile) && File.GetLastWriteTimeUtc(lockFile) > Directory.GetLastWriteTimeUtc(modules));
    }

    /// <summary>Installs when needed, reporting progress as "npm ci (1/2)" and "(2/2)".</summary>
    public static async Task RunIfNeededAsync(BeforeResourceStartContext context, string workingDirectory)
    {
        if (!IsNeeded(workingDirectory))
        {
            return;
        }

        var command = File.Exists(Path.Combine(workingDirectory, "package-lock.json")) ? "ci" : "install";
        context.ReportProgress($"npm {command} (1/2): installing packages");
        var output = new List<string>();
        var startInfo = new ProcessStartInfo("npm") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { command, "--no-audit", "--no-fund", "--loglevel=error" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Record(e.Data);
        process.ErrorDataReceived += (_, e) => Record(e.Data);
        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException($"npm is not installed ({ex.Message}). Install it with: sudo apt-get install -y nodejs npm", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await process.WaitForExitAsync(context.CancellationToken).ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string tail;
            lock (output)
            {
                tail = string.Join(Environment.NewLine, output.TakeLast(15));
            }

            throw new InvalidOperationException(
                $"npm {command} failed in {workingDirectory} with exit code {process.ExitCode}. npm said:{Environment.NewLine}{tail}{Environment.NewLine}" +
                "Fix the error above (a package missing from the registry, a broken package-lock.json), then restart the resource.");
        }

        Directory.SetLastWriteTimeUtc(Path.Combine(workingDirectory, "node_modules"), DateTime.UtcNow);
        context.ReportProgress($"npm {command} (2/2): packages installed");

        void Record(string? line)
        {
            if (line is null)
            {
                return;
            }

            lock (output)
            {
                output.Add(line);
            }

            context.Logger.LogInformation("{NpmLine}", line);
        }
    }
}
