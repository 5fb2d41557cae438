using System.Security.Cryptography;

namespace TradingAspire.Hosting.Resources;

/// <summary>
/// A generated secret kept in a 0600 file under the AppHost state directory, so a server's password survives
/// restarts of the AppHost (its data directory was initialised with it).
/// </summary>
public static class SecretFile
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Reads the secret, creating it with a random URL-safe value on first use.</summary>
    public static string ReadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path).Trim();
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Letters and digits only: the value goes into URLs and connection strings without escaping.
        var value = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var temporary = $"{path}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
        WriteOwnerOnly(temporary, value);
        try
        {
            // Two callers racing on first use (args callback, health check, dashboard) must agree on one value:
            // the first rename wins and everyone else reads the winner's file.
            File.Move(temporary, path, overwrite: false);
            return value;
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(temporary);
            return File.ReadAllText(path).Trim();
        }
    }

    /// <summary>Writes <paramref name="content"/> to a file that is 0600 from its creation (never readable by others, even briefly).</summary>
    public static void WriteOwnerOnly(string path, string content)
    {
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var writer = new StreamWriter(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options))
        {
            writer.Write(content);
        }

        if (!OperatingSystem.IsWindows())
        {
            // UnixCreateMode applies only when the file is new; an existing file keeps its mode unless set here.
            File.SetUnixFileMode(path, OwnerOnly);
        }
    }
}
