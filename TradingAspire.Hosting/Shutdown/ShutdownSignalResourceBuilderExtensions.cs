namespace Aspire.Hosting;

/// <summary><c>WithShutdownSignal</c>: how the ordered shutdown (<c>AddOrderedShutdown</c>) asks a process to end.</summary>
public static class ShutdownSignalResourceBuilderExtensions
{
    /// <summary>
    /// At AppHost shutdown, sends <paramref name="signal"/> to the resource's process instead of SIGTERM, then waits up to
    /// <c>Shutdown:GracePeriod</c> for it to end. The dashboard's Stop still goes through DCP.
    /// </summary>
    /// <param name="builder">An executable resource (e.g. PostgreSQL run natively).</param>
    /// <param name="signal">The signal; <see cref="ShutdownSignal.Interrupt"/> is PostgreSQL's fast shutdown.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="signal"/> is not a defined value.</exception>
    /// <returns>The same builder.</returns>
    /// <example><code>builder.AddPostgresExecutable("postgres", port: 5432).WithShutdownSignal(ShutdownSignal.Interrupt);</code></example>
    public static IResourceBuilder<T> WithShutdownSignal<T>(this IResourceBuilder<T> builder, ShutdownSignal signal)
        where T : ExecutableResource
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!Enum.IsDefined(signal))
        {
            throw new ArgumentOutOfRangeException(nameof(signal), signal,
                $"'{signal}' is not a shutdown signal: expected Interrupt, Quit or Terminate (e.g. ShutdownSignal.Interrupt).");
        }

        return builder.WithAnnotation(new ShutdownSignalAnnotation(signal), ResourceAnnotationMutationBehavior.Replace);
    }
}
