namespace TradingAspire.AppHost;

/// <summary>The trading system's resources, declared once for <c>dotnet run</c> and for the tests.</summary>
public static class TradingSystem
{
    /// <summary>Declares every resource of the trading system.</summary>
    public static IDistributedApplicationBuilder AddTradingSystem(this IDistributedApplicationBuilder builder)
    {
        // --- Market data and cache -------------------------------------------------------------
        // Temporary until the native Redis resource lands: redis-server as a plain executable.
        builder.AddExecutable("redis", "redis-server", ".", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no")
            .WithEndpoint(port: 6379, scheme: "tcp", name: "tcp")
            .WithArgs(context =>
            {
                context.Args.Add("--port");
                context.Args.Add(new EndpointReference((IResourceWithEndpoints)context.Resource, "tcp").Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            })
            .WithTcpHealthCheck();

        return builder;
    }
}
