using System.Text;

namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>The environment variable names Aspire injects, computed in one place (DESIGN.md §3).</summary>
public static class EnvironmentVariableNames
{
    /// <summary><c>ConnectionStrings__{name}</c>, name as declared.</summary>
    public static string ConnectionString(string name) => $"ConnectionStrings__{name}";

    /// <summary>The portable alias: every character outside <c>[A-Za-z0-9_]</c> replaced by <c>_</c>.</summary>
    public static string Portable(string variableName)
    {
        var builder = new StringBuilder(variableName.Length);
        foreach (var c in variableName)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        }

        return builder.ToString();
    }

    /// <summary><c>services__{resource}__{endpoint}__0</c>, read by .NET service discovery.</summary>
    public static string ServiceDiscovery(string resourceName, string endpointName, int index = 0)
        => $"services__{resourceName}__{endpointName}__{index}";

    /// <summary><c>{RESOURCE}_{ENDPOINT}</c> uppercased with <c>-</c> → <c>_</c> (e.g. <c>GATEWAY_HTTP</c>).</summary>
    public static string EndpointUrl(string resourceName, string endpointName) => Upper($"{resourceName}_{endpointName}");

    /// <summary><c>{RESOURCE}_{PROPERTY}</c> uppercased (e.g. <c>POSTGRES_HOST</c>, <c>TRADING_URI</c>).</summary>
    public static string ConnectionProperty(string resourceName, string property) => Upper($"{resourceName}_{property}");

    private static string Upper(string value) => Portable(value.Replace('-', '_')).ToUpperInvariant();
}
