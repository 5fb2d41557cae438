using TradingAspire.Hosting.ApplicationModel;

namespace TradingAspire.Hosting.Orchestration;

/// <summary>The resource type shown on the dashboard: the class name without the <c>Resource</c> suffix.</summary>
public static class ResourceTypeNames
{
    /// <summary>E.g. <c>ExecutableResource</c> → <c>Executable</c>, <c>PostgresServerResource</c> → <c>PostgresServer</c>.</summary>
    public static string Of(IResource resource)
    {
        var name = resource.GetType().Name;
        return name.EndsWith("Resource", StringComparison.Ordinal) && name.Length > "Resource".Length ? name[..^"Resource".Length] : name;
    }
}
