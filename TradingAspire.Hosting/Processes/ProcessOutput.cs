namespace TradingAspire.Hosting;

/// <summary>What a program run by <see cref="ChildProcess"/> ended with; <paramref name="StandardOutput"/> is empty when it
/// went to a stream.</summary>
internal sealed record ProcessOutput(int ExitCode, string StandardOutput, string StandardError);
