namespace TradingAspire.Hosting;

/// <summary>What a replica wrote as errors in its console log: shown in the AppHost's console when the restart policy leaves it down.</summary>
internal static class ResourceErrorOutput
{
    /// <summary>
    /// The last <paramref name="count"/> error lines the replica's console log has since <paramref name="since"/>
    /// (its last start): its stderr and the errors the AppHost wrote for it, in time order, without DCP's timestamps
    /// (a line without one takes its predecessor's) and ANSI escape sequences (colours). What a service that exits on a configuration error says, shown in
    /// the AppHost's console beside the exit. Best effort: what was read when reading fails or takes over 5 s.
    /// </summary>
    public static async Task<IReadOnlyList<string>> LastLinesAsync(ResourceLoggerService resourceLogs, string resourceId, DateTime? since, int count,
        TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var errors = new List<(DateTimeOffset At, string Text)>();
        var previous = DateTimeOffset.MinValue;
        try
        {
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
            await foreach (var batch in resourceLogs.GetAllAsync(resourceId).WithCancellation(linked.Token).ConfigureAwait(false))
            {
                foreach (var line in batch.Where(l => !string.IsNullOrWhiteSpace(l.Content)))
                {
                    var (at, text) = ResourceLogFileWriter.SplitTimestamp(line.Content, previous);
                    previous = at;
                    text = ResourceLogFileWriter.WithoutEscapeSequences(text); // the AppHost's console would show colour codes as text
                    if (line.IsErrorMessage && (since is null || at >= since.Value.ToUniversalTime()) && !string.IsNullOrWhiteSpace(text))
                    {
                        errors.Add((at, text));
                    }
                }
            }
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "The console output of {Resource} could not be read in full.", resourceId);
        }

        return [.. errors.OrderBy(l => l.At).TakeLast(count).Select(l => l.Text)];
    }
}
