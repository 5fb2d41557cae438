/// <summary>The migration scripts the <c>migrations</c> resource applies (TradingAspire.MigrationService, DbUp).</summary>
internal static class MigrationScripts
{
    /// <summary>
    /// The file name of the script applied last: DbUp applies a folder's <c>*.sql</c> files in ordinal name order and
    /// journals each by file name (<c>schemaversions.scriptname</c>). Empty when the folder does not exist or holds no
    /// script (the migrations resource then stops naming the folder, and the gateway does not wait for a version).
    /// </summary>
    /// <param name="directory">Absolute path of the scripts' folder (<c>Migrations:Directory</c>).</param>
    public static string Newest(string directory)
        => Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*.sql").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).LastOrDefault() ?? ""
            : "";
}
