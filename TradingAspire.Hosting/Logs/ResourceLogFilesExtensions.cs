using Aspire.Hosting.Lifecycle;

namespace Aspire.Hosting;

/// <summary>Keeps every resource's console output in files, so it can be read after the AppHost has exited.</summary>
public static class ResourceLogFilesExtensions
{
    /// <summary>
    /// Appends each console line of every resource, from before the first resource starts, to <c>{directory}/{resource}.log</c>
    /// as <c>2026-11-29T11:51:25.123Z OUT text</c> (<c>ERR</c> for standard error; UTC, when the process wrote it as DCP reports
    /// it, else when the AppHost received it), flushed per line, ANSI escape sequences (colours) removed. A run's first line in a
    /// file follows the marker <c>2026-11-29T11:51:24.900Z --- AppHost run started (pid 4242) ---</c>. Past <paramref name="maxFileBytes"/> a file becomes
    /// <c>{resource}.log.1</c> (older ones move to <c>.2</c>, …); <paramref name="maxFiles"/> are kept per resource.
    /// Configuration <c>TradingAspire:LogFiles:Directory|MaxFileBytes|MaxFiles</c> wins over the arguments.
    /// </summary>
    /// <param name="builder">The AppHost builder.</param>
    /// <param name="directory">The directory, relative to the AppHost directory or absolute.</param>
    /// <param name="maxFileBytes">Bytes per file before it rotates; at least 4096.</param>
    /// <param name="maxFiles">Files kept per resource, the current one included; 1 to 1000.</param>
    /// <returns>The builder.</returns>
    /// <exception cref="DistributedApplicationException">A value is invalid; the message names the key, the value, the expected form and an example.</exception>
    /// <example><code>builder.AddResourceLogFiles("../logs", maxFileBytes: 10 * 1024 * 1024, maxFiles: 5);</code></example>
    public static IDistributedApplicationBuilder AddResourceLogFiles(this IDistributedApplicationBuilder builder, string directory = "../logs",
        long maxFileBytes = 10 * 1024 * 1024, int maxFiles = 5)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var options = new ResourceLogFileOptions { Directory = directory, MaxFileBytes = maxFileBytes, MaxFiles = maxFiles }
            .WithConfiguration(builder.Configuration);
        var absolute = Path.GetFullPath(options.Directory, builder.AppHostDirectory);
        // An eventing subscriber, not a hosted service: it starts copying on BeforeStartEvent, before any resource starts,
        // where hosted services start only after Aspire's orchestrator has started the resources.
        builder.Services.AddSingleton<IDistributedApplicationEventingSubscriber>(services => ActivatorUtilities.CreateInstance<ResourceLogFileWriter>(services, options, absolute));
        return builder;
    }
}
