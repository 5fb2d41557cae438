using System.ComponentModel;
using System.Text;
using CliWrap;
using CliWrap.Buffered;

namespace TradingAspire.Hosting;

/// <summary>
/// Runs a short-lived program to completion and captures its output (CliWrap): the one way this assembly starts a
/// process of its own. Cancelled, it kills the program and its children and throws <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ChildProcess
{
    /// <summary>
    /// Runs <paramref name="fileName"/> (a path, or a name on PATH) with <paramref name="arguments"/> (no shell), with
    /// <paramref name="environment"/> added to the AppHost's. <paramref name="standardInput"/> is copied to the program, then
    /// closed; <paramref name="standardOutput"/>, when given, receives the output instead of the returned text, and
    /// <paramref name="outputLines"/>, when given, each line of the output and error output instead of the returned text.
    /// </summary>
    /// <returns>Its exit code and times, its output (empty when it went to <paramref name="standardOutput"/> or <paramref name="outputLines"/>) and error output.</returns>
    /// <exception cref="Win32Exception">The program cannot be started (e.g. not installed).</exception>
    public static async Task<BufferedCommandResult> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, Stream? standardInput = null,
        Stream? standardOutput = null, Action<string>? outputLines = null)
    {
        StringBuilder output = new(), errors = new();
        var result = await Cli.Wrap(fileName).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(environment?.ToDictionary(e => e.Key, string? (e) => e.Value) ?? [])
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromStream(standardInput))
            .WithStandardOutputPipe(outputLines is not null ? PipeTarget.ToDelegate(outputLines)
                : standardOutput is null ? PipeTarget.ToStringBuilder(output) : PipeTarget.ToStream(standardOutput))
            .WithStandardErrorPipe(outputLines is null ? PipeTarget.ToStringBuilder(errors) : PipeTarget.ToDelegate(outputLines))
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return new BufferedCommandResult(result.ExitCode, result.StartTime, result.ExitTime, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// Runs the program and returns its standard output and error; a non-zero exit throws <see cref="InvalidOperationException"/>
    /// naming the command line (without a <c>--pwfile</c> argument), the exit code and the output.
    /// </summary>
    public static async Task<string> RunCheckedAsync(string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(fileName, arguments, cancellationToken).ConfigureAwait(false);
        var output = result.StandardOutput + result.StandardError;
        return result.ExitCode == 0
            ? output
            : throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} {string.Join(' ', arguments.Where(a => !a.StartsWith("--pwfile", StringComparison.Ordinal)))} failed with exit code {result.ExitCode}: {output.Trim()}");
    }
}
