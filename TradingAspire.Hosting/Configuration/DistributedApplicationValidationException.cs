namespace TradingAspire.Hosting;

/// <summary>The configuration or the application model is invalid; nothing was started.</summary>
public sealed class DistributedApplicationValidationException(IReadOnlyList<string> errors)
    : Exception(FormatMessage(errors))
{
    /// <summary>Each problem, one sentence with the fix.</summary>
    public IReadOnlyList<string> Errors { get; } = errors;

    private static string FormatMessage(IReadOnlyList<string> errors)
        => $"The AppHost cannot start: {errors.Count} problem(s) found before starting any process:{Environment.NewLine}" +
           string.Join(Environment.NewLine, errors.Select(e => $"  - {e}"));
}
