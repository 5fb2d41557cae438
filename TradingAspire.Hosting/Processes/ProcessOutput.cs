namespace TradingAspire.Hosting;

/// <summary>What a program run by <see cref="ChildProcess"/> ended with: its exit code and captured output.</summary>
/// <param name="ExitCode">The program's exit code.</param>
/// <param name="StandardOutput">Its standard output; empty when it went to a stream.</param>
/// <param name="StandardError">Its standard error.</param>
internal sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError);
