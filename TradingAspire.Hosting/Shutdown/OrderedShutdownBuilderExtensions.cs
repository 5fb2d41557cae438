namespace Aspire.Hosting;

/// <summary><c>AddOrderedShutdown</c>: dependents stop before what they wait for, and no process is left behind.</summary>
public static class OrderedShutdownBuilderExtensions
{
    /// <summary>
    /// In run mode, at stop (Ctrl+C, SIGTERM, <c>app.StopAsync()</c>, a test's dispose; also while the AppHost is still
    /// starting, when the resources not started yet stay so), stops dependents before what they wait for, each within
    /// <c>Shutdown:GracePeriod</c> (default 00:00:05) before its process tree is killed, all within <c>Shutdown:Timeout</c>
    /// (default 00:00:20); <c>WithShutdownSignal</c> replaces SIGTERM. An invalid
    /// <c>Shutdown</c> section stops the start with a <see cref="DistributedApplicationException"/>. Added once.
    /// </summary>
    /// <param name="builder">The AppHost's builder.</param>
    /// <returns>The same builder.</returns>
    /// <example><code>builder.AddOrderedShutdown();</code></example>
    public static IDistributedApplicationBuilder AddOrderedShutdown(this IDistributedApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.ExecutionContext.IsRunMode && !builder.Services.Any(d => d.ServiceType == typeof(OrderedShutdown)))
        {
            builder.Services.AddSingleton<OrderedShutdown>();
            builder.Services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OrderedShutdown>());
            builder.Eventing.Subscribe<BeforeStartEvent>((_, _) =>
            {
                _ = ShutdownOptions.From(builder.Configuration);
                return Task.CompletedTask;
            });
        }

        return builder;
    }
}
