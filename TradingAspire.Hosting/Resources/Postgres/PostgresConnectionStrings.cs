using System.Globalization;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>PostgreSQL connection strings in the forms Aspire injects (DESIGN.md §3).</summary>
public static class PostgresConnectionStrings
{
    /// <summary>ADO form: <c>Host=..;Port=..;Username=..;Password=..;Database=..</c>.</summary>
    public static string Ado(EndpointReference endpoint, string userName, string password, string? database)
        => Ado(endpoint.Host, endpoint.Port, userName, password, database);

    /// <summary>ADO form from parts.</summary>
    public static string Ado(string host, int port, string userName, string password, string? database)
        => string.Create(CultureInfo.InvariantCulture, $"Host={host};Port={port};Username={userName};Password={password}") +
           (database is null ? "" : $";Database={database}");

    /// <summary>URL form: <c>postgresql://user:password@host:port/db</c>.</summary>
    public static string Uri(EndpointReference endpoint, string userName, string password, string? database)
        => Uri(endpoint.Host, endpoint.Port, userName, password, database);

    /// <summary>URL form from parts.</summary>
    public static string Uri(string host, int port, string userName, string password, string? database)
        => string.Create(CultureInfo.InvariantCulture,
            $"postgresql://{System.Uri.EscapeDataString(userName)}:{System.Uri.EscapeDataString(password)}@{host}:{port}") + (database is null ? "" : $"/{database}");

    /// <summary>HOST, PORT, USERNAME, PASSWORD, URI (and DATABASENAME for a database).</summary>
    public static IReadOnlyDictionary<string, string> Properties(EndpointReference endpoint, string userName, string password, string? database)
    {
        var properties = new Dictionary<string, string>
        {
            ["HOST"] = endpoint.Host,
            ["PORT"] = endpoint.Port.ToString(CultureInfo.InvariantCulture),
            ["USERNAME"] = userName,
            ["PASSWORD"] = password,
            ["URI"] = Uri(endpoint, userName, password, database),
        };
        if (database is not null)
        {
            properties["DATABASENAME"] = database;
        }

        return properties;
    }
}
