using System.Net;
using System.Net.Sockets;
using System.Reflection;
using TradingAspire.Hosting.ApplicationModel;
using TradingAspire.Hosting.Testing;

namespace TradingAspire.Hosting.Testing;

/// <summary>
/// Starts the real AppHost definition from a test: runs the AppHost's entry point until it calls <c>Build()</c>, takes
/// its builder, and gives it isolated state/log directories and free ports. The test may change the model, then
/// builds and starts it; disposing the application stops every process and deletes the temporary directories.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs <typeparamref name="TEntryPoint"/>'s assembly entry point and returns its builder, ready for changes.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class
        => CreateAsync<TEntryPoint>([], null, cancellationToken);

    /// <summary>As <see cref="CreateAsync{TEntryPoint}(CancellationToken)"/> with AppHost arguments and extra configuration.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(
        string[] args, Action<IDictionary<string, string?>>? configure, CancellationToken cancellationToken = default)
        where TEntryPoint : class
    {
        var (root, settings) = IsolatedSettings(configure);
        var assembly = EntryAssemblyOf(typeof(TEntryPoint));
        var hook = new TestingBuilderHook(settings, interceptBuild: true, ApplicationPaths.RecordedAppHostDirectory(assembly));
        var entryPoint = assembly.EntryPoint
            ?? throw new InvalidOperationException($"Assembly {assembly.GetName().Name} has no entry point; pass a type from the AppHost project or its Projects.* metadata class.");
        var previous = TestingBuilderHook.Current;
        TestingBuilderHook.Current = hook;
        var thread = new Thread(() => RunEntryPoint(entryPoint, args, hook)) { IsBackground = true, Name = "AppHost entry point" };
        try
        {
            thread.Start();
        }
        finally
        {
            TestingBuilderHook.Current = previous;
        }

        var builder = await hook.Captured.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken).ConfigureAwait(false);
        return new TestingBuilder(builder, root);
    }

    /// <summary>
    /// An empty builder with the same isolation (temporary state/log directories, free ports, no dashboard) for tests
    /// that declare their own resources. <paramref name="appHostDirectory"/> is where relative paths resolve.
    /// </summary>
    public static IDistributedApplicationTestingBuilder Create(string appHostDirectory, Action<IDictionary<string, string?>>? configure = null)
    {
        var (root, settings) = IsolatedSettings(configure);
        var previous = TestingBuilderHook.Current;
        TestingBuilderHook.Current = new TestingBuilderHook(settings, interceptBuild: false);
        try
        {
            var builder = (DistributedApplicationBuilder)DistributedApplication.CreateBuilder(new DistributedApplicationOptions { AppHostDirectory = appHostDirectory });
            return new TestingBuilder(builder, root);
        }
        finally
        {
            TestingBuilderHook.Current = previous;
        }
    }

    private static (string Root, Dictionary<string, string?> Settings) IsolatedSettings(Action<IDictionary<string, string?>>? configure)
    {
        var root = Path.Combine(Path.GetTempPath(), "tradingaspire-tests", $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..24]);
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["AppHost:StateDirectory"] = Path.Combine(root, "state"),
            ["AppHost:LogDirectory"] = Path.Combine(root, "logs"),
            ["AppHost:RandomizePorts"] = "true",
            ["AppHost:ShutdownTimeoutSeconds"] = "10",
            ["Dashboard:Enabled"] = "false",
            ["Dashboard:Port"] = "0",
            ["Dashboard:OtlpGrpcPort"] = "0",
            ["Dashboard:OtlpHttpPort"] = "0",
        };
        configure?.Invoke(settings);
        return (root, settings);
    }

    /// <summary>
    /// The AppHost assembly: the type's own, or, for a generated <c>Projects.*</c> metadata class (as Aspire tests
    /// write <c>CreateAsync&lt;Projects.TradingAspire_AppHost&gt;()</c>), the assembly it points to.
    /// </summary>
    private static Assembly EntryAssemblyOf(Type type)
        => typeof(IProjectMetadata).IsAssignableFrom(type) && Activator.CreateInstance(type) is IProjectMetadata metadata
            ? Assembly.LoadFrom(metadata.AssemblyPath)
            : type.Assembly;

    private static void RunEntryPoint(MethodInfo entryPoint, string[] args, TestingBuilderHook hook)
    {
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args]);
            if (result is Task task)
            {
                task.GetAwaiter().GetResult();
            }

            hook.Captured.TrySetException(new InvalidOperationException("The AppHost entry point returned without calling Build()."));
        }
        catch (Exception ex)
        {
            var inner = ex is TargetInvocationException { InnerException: { } cause } ? cause : ex;
            if (inner is not TestingBuilderCapturedException)
            {
                hook.Captured.TrySetException(inner);
            }
        }
    }
}
