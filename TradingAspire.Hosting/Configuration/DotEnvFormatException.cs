namespace Aspire.Hosting;

/// <summary>
/// A line of a <c>.env</c> file that is not <c>KEY=VALUE</c>, a comment or blank: the message names the file, the
/// line, the expected form with examples, and the fix. It quotes nothing of the file: a line may hold a password.
/// </summary>
/// <param name="filePath">The file's absolute path.</param>
/// <param name="lineNumber">The 1-based line the parser stopped at; null when it did not say.</param>
public sealed class DotEnvFormatException(string filePath, int? lineNumber) : FormatException(MessageFor(filePath, lineNumber))
{
    /// <summary>The file's absolute path.</summary>
    public string FilePath { get; } = filePath;

    /// <summary>The 1-based line number of the malformed line; null when the parser did not say.</summary>
    public int? LineNumber { get; } = lineNumber;

    private static string MessageFor(string filePath, int? lineNumber)
        => $"{filePath}{(lineNumber is { } line ? $", line {line}" : string.Empty)}: not a KEY=VALUE line. " +
           "Expected KEY=VALUE with the key as a .NET environment variable ('__' between sections), e.g. " +
           "TradingAspire__StateDirectory=/srv/tradingaspire or Parameters__postgres-password='a $ecret'; " +
           "a value holding quotes, '#' or '$' goes in single quotes; a comment line starts with '#'. " +
           "Fix or remove the line (config/.env.example lists every key).";
}
