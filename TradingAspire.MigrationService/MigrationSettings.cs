using Microsoft.Extensions.Configuration;
using Npgsql;

namespace TradingAspire.MigrationService;

/// <summary>
/// What the migration service needs, read from configuration: the connection string
/// <c>ConnectionStrings:trading</c> (Aspire injects <c>ConnectionStrings__trading</c>, Npgsql keyword form) and the
/// folder of the <c>NNNN_description.sql</c> scripts <c>Migrations:Directory</c> (the AppHost passes
/// <c>Migrations__Directory</c>; default <c>../db/migrations</c> relative to the current directory).
/// </summary>
/// <param name="ConnectionString">Npgsql connection string of the database to migrate.</param>
/// <param name="Directory">Absolute path of an existing folder holding at least one <c>.sql</c> file.</param>
public sealed record MigrationSettings(string ConnectionString, string Directory)
{
    /// <summary>Configuration key of the connection string.</summary>
    public const string ConnectionStringKey = "ConnectionStrings:trading";

    /// <summary>Configuration key of the scripts' folder.</summary>
    public const string DirectoryKey = "Migrations:Directory";

    /// <summary>Folder used when <see cref="DirectoryKey"/> is not set, relative to the current directory.</summary>
    public const string DefaultDirectory = "../db/migrations";

    /// <summary>
    /// Reads and checks the settings. Returns null and sets <paramref name="error"/> to a message naming the key, the
    /// value and an example when a setting is missing or wrong.
    /// </summary>
    public static MigrationSettings? Read(IConfiguration configuration, string currentDirectory, out string error)
    {
        var connectionString = configuration[ConnectionStringKey];
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            error = $"Configuration {ConnectionStringKey} is not set. It is the Npgsql connection string of the database to migrate, " +
                "which the AppHost injects through WithReference(trading); to run by hand set the environment variable " +
                "ConnectionStrings__trading (example: ConnectionStrings__trading=\"Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=trading\").";
            return null;
        }

        try
        {
            _ = new NpgsqlConnectionStringBuilder(connectionString);
        }
        catch (ArgumentException ex)
        {
            error = $"Configuration {ConnectionStringKey} is not an Npgsql connection string: {ex.Message} Expected keyword=value pairs " +
                "(example: Host=127.0.0.1;Port=5432;Username=postgres;Password=secret;Database=trading).";
            return null;
        }

        var configured = configuration[DirectoryKey];
        var value = string.IsNullOrWhiteSpace(configured) ? DefaultDirectory : configured;
        var directory = Path.GetFullPath(value, currentDirectory);
        var problem = !System.IO.Directory.Exists(directory) ? "does not exist"
            : !System.IO.Directory.EnumerateFiles(directory, "*.sql").Any() ? "contains no .sql file"
            : null;
        if (problem is not null)
        {
            var source = string.IsNullOrWhiteSpace(configured) ? $"the default of {DirectoryKey}, relative to {currentDirectory}" : $"{DirectoryKey} = '{configured}'";
            error = $"Migrations directory '{directory}' ({source}) {problem}. Set {DirectoryKey} to the folder of the " +
                "NNNN_description.sql scripts (environment variable Migrations__Directory; example: Migrations__Directory=/home/me/TradingAspire/db/migrations).";
            return null;
        }

        error = "";
        return new MigrationSettings(connectionString, directory);
    }
}
