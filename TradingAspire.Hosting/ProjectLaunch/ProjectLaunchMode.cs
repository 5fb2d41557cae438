using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting;

/// <summary>
/// How Aspire itself would launch projects in this run, read from the AppHost's configuration with Aspire's own keys:
/// an IDE session (Visual Studio, VS Code, Rider: <c>DEBUG_SESSION_PORT</c>) launches and debugs projects itself;
/// <c>DOTNET_WATCH=true</c> makes Aspire run projects under <c>dotnet watch</c>.
/// </summary>
internal static class ProjectLaunchMode
{
    /// <summary>The AppHost was started by an IDE that launches project resources (F5).</summary>
    public static bool IsIdeSession(IConfiguration configuration) => !string.IsNullOrEmpty(configuration["DEBUG_SESSION_PORT"]);

    /// <summary>The AppHost asks Aspire to run projects under <c>dotnet watch</c>.</summary>
    public static bool IsDotnetWatch(IConfiguration configuration)
        => bool.TryParse(configuration["DOTNET_WATCH"], out var watch) && watch;
}
