using System.ComponentModel;
using System.Text;
using CliWrap;

namespace TradingAspire.Hosting;

/// <summary>
/// Runs a short-lived program to completion and captures its output (CliWrap): the one way this assembly starts a
/// process of its own (<c>pg_config</c>, <c>initdb</c>, <c>chown</c>, <c>pg_dump</c>, <c>pg_restore</c>, the Python import
/// check). Cancelled, it kills the program and its children (no <c>initdb</c> or <c>pg_dump</c> is left behind) and
/// throws <see cref="OperationCanceledException"/>.
/// </summary>
internal static class ChildProcess
{
    /// <summary>Runs <paramref name="fileName"/> with <paramref name="arguments"/> (each one argument, no shell).</summary>
    /// <param name="fileName">A path, or a name resolved on PATH.</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="cancellationToken">Kills the program when cancelled.</param>
    /// <param name="environment">Variables added to the AppHost's environment; null for none.</param>
    /// <param name="workingDirectory">The current directory; null for the AppHost's.</param>
    /// <param name="standardInput">Copied to the program's standard input, then closed; null for none. A program that stops
    /// reading (it failed on the input) tells why by its exit code and standard error.</param>
    /// <param name="standardOutput">Receives the standard output instead of <see cref="ProcessOutput.StandardOutput"/>.</param>
    /// <exception cref="Win32Exception">The program cannot be started (e.g. not installed).</exception>
    public static async Task<ProcessOutput> RunAsync(string fileName, IEnumerable<string> arguments, CancellationToken cancellationToken,
        IReadOnlyDictionary<string, string>? environment = null, string? workingDirectory = null, Stream? standardInput = null,
        Stream? standardOutput = null)
    {
        StringBuilder output = new(), errors = new();
        var result = await Cli.Wrap(fileName).WithArguments(arguments).WithValidation(CommandResultValidation.None)
            .WithEnvironmentVariables(environment?.ToDictionary(e => e.Key, string? (e) => e.Value) ?? [])
            .WithWorkingDirectory(workingDirectory ?? Directory.GetCurrentDirectory())
            .WithStandardInputPipe(standardInput is null ? PipeSource.Null : PipeSource.FromStream(standardInput))
            .WithStandardOutputPipe(standardOutput is null ? PipeTarget.ToStringBuilder(output) : PipeTarget.ToStream(standardOutput))
            .WithStandardErrorPipe(PipeTarget.ToStringBuilder(errors))
            .ExecuteAsync(cancellationToken).ConfigureAwait(false);
        return new ProcessOutput(result.ExitCode, output.ToString(), errors.ToString());
    }

    /// <summary>
    /// Runs the program and returns its standard output and error; a non-zero exit throws
    /// <see cref="InvalidOperationException"/> naming the command line (a <c>--pwfile</c> argument left out), the exit code and the output.
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
