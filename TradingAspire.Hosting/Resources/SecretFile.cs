using System.Security.Cryptography;

namespace TradingAspire.Hosting.Resources;

/// <summary>
/// A generated secret kept in a 0600 file under the AppHost state directory, so a server's password survives
/// restarts of the AppHost (its data directory was initialised with it).
/// </summary>
public static class SecretFile
{
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
        File.WriteAllText(path, value);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        return value;
    }
}
