using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace TradingAspire.Hosting.Resources.Postgres;

/// <summary>A numbered SQL migration: <c>0001_orders.sql</c> → version 1.</summary>
public sealed partial record MigrationFile(int Version, string Name, string Path, string Sql)
{
    [GeneratedRegex(@"^(\d+)_[A-Za-z0-9_\-]+\.sql$")]
    private static partial Regex NumberedFile();

    /// <summary>SHA-256 of the file, recorded so an edited applied migration is noticed.</summary>
    public string Checksum => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Sql))).ToLowerInvariant();

    /// <summary>The numbered <c>.sql</c> files of a directory in version order; other files are an error.</summary>
    public static IReadOnlyList<MigrationFile> ReadDirectory(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new InvalidOperationException($"Migrations directory '{directory}' does not exist. WithMigrations paths are relative to the AppHost project (example: \"../db/migrations\").");
        }

        var files = new List<MigrationFile>();
        foreach (var path in Directory.EnumerateFiles(directory, "*.sql"))
        {
            var name = System.IO.Path.GetFileName(path);
            var match = NumberedFile().Match(name);
            if (!match.Success)
            {
                throw new InvalidOperationException($"Migration file '{name}' is not numbered. Expected: NNNN_description.sql (example: 0003_add_fees.sql).");
            }

            files.Add(new MigrationFile(int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), name, path, File.ReadAllText(path)));
        }

        var duplicate = files.GroupBy(f => f.Version).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Migrations {string.Join(" and ", duplicate.Select(f => f.Name))} share version {duplicate.Key}. Give each file its own number.");
        }

        return files.OrderBy(f => f.Version).ToList();
    }

    /// <summary>Line and column of a 1-based character position in the file.</summary>
    public (int Line, int Column) LocationOf(int position)
    {
        var index = Math.Clamp(position - 1, 0, Sql.Length);
        var line = 1 + Sql.AsSpan(0, index).Count('\n');
        var column = index - (Sql.LastIndexOf('\n', Math.Max(0, index - 1)) + 1) + 1;
        return (line, column);
    }
}
