using System.Globalization;

namespace TradingAspire.Hosting;

/// <summary>
/// The backups of one database in the directory <paramref name="path"/>: <c>{database}-{UTC yyyyMMdd-HHmmss}.dump</c>
/// files, so the newest has the greatest name.
/// </summary>
internal sealed class BackupDirectory(string path, string databaseName)
{
    public const string Extension = ".dump";

    public string Path { get; } = path;

    /// <summary>A new file path for a backup taken at <paramref name="utcNow"/>, with <c>-2</c>, <c>-3</c>... when that second is taken.</summary>
    public string NewFile(DateTimeOffset utcNow)
    {
        Directory.CreateDirectory(Path);
        var stem = $"{databaseName}-{utcNow.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}";
        var candidate = System.IO.Path.Combine(Path, stem + Extension);
        for (var suffix = 2; File.Exists(candidate); suffix++)
        {
            candidate = System.IO.Path.Combine(Path, $"{stem}-{suffix}{Extension}");
        }

        return candidate;
    }

    /// <summary>The file names (no directory) of this database's backups, newest first; empty when the directory is missing.</summary>
    public IReadOnlyList<string> List()
        => Directory.Exists(Path)
            ? Directory.EnumerateFiles(Path, $"{databaseName}-*{Extension}")
                .Select(file => System.IO.Path.GetFileName(file))
                .OrderByDescending(name => name, StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>
    /// The absolute path of the backup to restore: <paramref name="chosen"/> (a file name in this directory) when given,
    /// else the newest. Throws <see cref="ArgumentException"/> naming the directory and the choices when there is none.
    /// </summary>
    public string Resolve(string? chosen)
    {
        var backups = List();
        if (string.IsNullOrWhiteSpace(chosen))
        {
            return backups.Count > 0
                ? System.IO.Path.Combine(Path, backups[0])
                : throw new ArgumentException($"There is no backup of '{databaseName}' in {Path} (files named {databaseName}-<UTC yyyyMMdd-HHmmss>{Extension}). Take one first with the 'backup' command.");
        }

        var name = chosen.Trim();
        if (name != System.IO.Path.GetFileName(name) || !backups.Contains(name, StringComparer.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is not a backup of '{databaseName}' in {Path}. Give one of these file names (newest first): {(backups.Count > 0 ? string.Join(", ", backups) : "none yet")}; or nothing for the newest.");
        }

        return System.IO.Path.Combine(Path, name);
    }
}
