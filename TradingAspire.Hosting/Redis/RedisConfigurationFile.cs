using System.Text;

namespace TradingAspire.Hosting;

/// <summary>
/// Writes the configuration <c>redis-server</c> starts with: the included settings file, then ours (loopback bind,
/// password, data directory, persistence); owner-only (0600), as it holds the password. The port comes on the command line.
/// </summary>
internal static class RedisConfigurationFile
{
    public const string FileName = "redis.aspire.conf";

    /// <summary>Writes the file into the data directory; throws <see cref="DistributedApplicationException"/> when the included settings file is missing.</summary>
    public static async Task<string> WriteAsync(RedisExecutableResource redis, CancellationToken cancellationToken)
    {
        ConfigurationFileAnnotation.ThrowIfMissing(redis.Name, redis.SettingsFile, "redis.conf syntax, e.g. \"maxmemory 256mb\"");
        Directory.CreateDirectory(redis.DataDirectory);
        var password = await redis.PasswordParameter.GetValueAsync(cancellationToken).ConfigureAwait(false) ?? "";
        var text = new StringBuilder();
        if (redis.SettingsFile is not null)
        {
            text.Append("include ").AppendLine(Quote(redis.SettingsFile));
        }

        text.AppendLine("bind 127.0.0.1")
            .AppendLine("protected-mode yes")
            .Append("requirepass ").AppendLine(Quote(password))
            .Append("dir ").AppendLine(Quote(redis.DataDirectory))
            .AppendLine(redis.Persistent ? "appendonly yes" : "appendonly no")
            .Append("appendfsync ").AppendLine(redis.AppendFsync);

        var path = Path.Combine(redis.DataDirectory, FileName);
        File.Delete(path);
        await OwnerOnlyFile.WriteAllTextAsync(path, text.ToString(), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
}
