namespace TradingAspire.Hosting;

/// <summary>
/// Creates files only their owner may read or write, 0600 from creation (not a chmod after, which leaves a window):
/// the initdb password file, Redis's configuration with its password, database backups.
/// </summary>
internal static class OwnerOnlyFile
{
    /// <exception cref="IOException">The file exists.</exception>
    public static FileStream Create(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        return new FileStream(path, options);
    }

    public static async Task WriteAllTextAsync(string path, string text, CancellationToken cancellationToken)
    {
        await using var stream = Create(path);
        await using var writer = new StreamWriter(stream);
        await writer.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
    }
}
