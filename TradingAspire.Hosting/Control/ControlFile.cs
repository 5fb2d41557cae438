using System.Text.Json;
using TradingAspire.Hosting.Orchestration.Processes;
using TradingAspire.Hosting.Resources;

namespace TradingAspire.Hosting.Control;

/// <summary>
/// <c>{run}/apphost.json</c>: how CLI commands (<c>status</c>, <c>logs</c>, <c>restart</c>) reach the running AppHost: its
/// control endpoint and, when the dashboard runs, the dashboard's JSON API. Written with mode 0600 because it holds
/// both tokens.
/// </summary>
public sealed record ControlFile(int ProcessId, string Url, string Token, string? DashboardUrl = null, string? DashboardToken = null)
{
    private const string FileName = "apphost.json";

    /// <summary>Writes the file for the running AppHost.</summary>
    public void Write(ApplicationPaths paths)
    {
        Directory.CreateDirectory(paths.RunDirectory);
        var path = Path.Combine(paths.RunDirectory, FileName);
        // Written aside, then renamed: a CLI reading at the same moment sees the old file or the new one, never a part.
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        SecretFile.WriteOwnerOnly(temporary, JsonSerializer.Serialize(this));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the file when the AppHost stops.</summary>
    public static void Delete(ApplicationPaths paths)
    {
        var path = Path.Combine(paths.RunDirectory, FileName);
        if (File.Exists(path))
        {
            File.Delete(path);
        }
    }

    /// <summary>Reads the file of a live AppHost, or null when none is running.</summary>
    public static ControlFile? ReadLive(ApplicationPaths paths)
    {
        var path = Path.Combine(paths.RunDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        ControlFile? file;
        try
        {
            file = JsonSerializer.Deserialize<ControlFile>(File.ReadAllText(path));
        }
        catch (Exception ex) when (ex is JsonException or IOException)
        {
            // Removed while we read it (the AppHost stopped) or not a control file: no live AppHost to talk to.
            return null;
        }

        return file is not null && ProcessIdentity.IsRunning(file.ProcessId) ? file : null;
    }
}
