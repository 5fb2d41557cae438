using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace TradingAspire.Dashboard.Telemetry;

/// <summary>
/// Keeps telemetry across AppHost restarts: one JSON snapshot file (<c>telemetry.json</c>) written atomically every
/// few seconds when the store changed and when the dashboard stops, read back at start. Its size is bounded because
/// the store it mirrors is bounded by the configured limits.
/// </summary>
internal sealed class TelemetryPersistence(TelemetryStore store, string directory, ILogger logger) : IAsyncDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly CancellationTokenSource _stop = new();
    private long _savedVersion = -1;
    private Task _loop = Task.CompletedTask;

    public string FilePath { get; } = Path.Combine(directory, "telemetry.json");

    public void LoadAndStart(TimeSpan interval)
    {
        if (File.Exists(FilePath))
        {
            try
            {
                var snapshot = JsonSerializer.Deserialize<TelemetrySnapshot>(File.ReadAllText(FilePath), Json);
                if (snapshot is not null)
                {
                    store.Restore(snapshot);
                    _savedVersion = store.Version; // what was just read needs no writing back
                }
            }
            catch (JsonException ex)
            {
                logger.LogWarning("Ignoring unreadable telemetry snapshot {File}: {Error}", FilePath, ex.Message);
            }
        }

        _loop = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(interval);
            try
            {
                while (await timer.WaitForNextTickAsync(_stop.Token))
                {
                    Save();
                }
            }
            catch (OperationCanceledException)
            {
                // Stopping.
            }
        });
    }

    public void Save()
    {
        var version = store.Version;
        if (version == _savedVersion)
        {
            return;
        }

        Directory.CreateDirectory(directory);
        var temporary = FilePath + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(store.Snapshot(), Json));
        File.Move(temporary, FilePath, overwrite: true);
        _savedVersion = version;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        Save();
        _stop.Dispose();
    }
}
