using System.Diagnostics;
using Microsoft.Extensions.Logging;
using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Node;

/// <summary>Production mode: <c>vite build</c> into <c>dist/</c> before <c>vite preview</c> serves it.</summary>
internal static class ViteBuild
{
    public static async Task RunAsync(BeforeResourceStartContext context, string vite, string directory)
    {
        context.ReportProgress("vite build: building dist/");
        var startInfo = new ProcessStartInfo(vite) { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        startInfo.ArgumentList.Add("build");
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not run {vite}.");
        var stdout = process.StandardOutput.ReadToEndAsync(context.CancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(context.CancellationToken);
        await process.WaitForExitAsync(context.CancellationToken).ConfigureAwait(false);
        var output = await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false);
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            context.Logger.LogInformation("{ViteLine}", line);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"vite build failed with exit code {process.ExitCode}: {string.Join(' ', output.Split('\n').TakeLast(10))}");
        }
    }
}
