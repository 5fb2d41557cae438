namespace TradingAspire.Hosting.Testing;

/// <summary>
/// Lets the testing builder run the real AppHost entry point and take over its builder: configuration overrides
/// are applied when the builder is created, and <c>Build()</c> hands the builder to the test instead of building.
/// The hook flows with the execution context into the thread that runs the entry point.
/// </summary>
internal sealed class TestingBuilderHook(IReadOnlyDictionary<string, string?> configurationOverrides, bool interceptBuild = true, string? appHostDirectory = null)
{
    private static readonly AsyncLocal<TestingBuilderHook?> CurrentHook = new();

    public static TestingBuilderHook? Current
    {
        get => CurrentHook.Value;
        set => CurrentHook.Value = value;
    }

    public IReadOnlyDictionary<string, string?> ConfigurationOverrides { get; } = configurationOverrides;

    /// <summary>True when <c>Build()</c> must hand the builder over (entry-point mode); false for empty test builders.</summary>
    public bool InterceptBuild { get; } = interceptBuild;

    /// <summary>The AppHost project directory recorded in the AppHost assembly (the test runner is the entry assembly).</summary>
    public string? AppHostDirectory { get; } = appHostDirectory;

    public TaskCompletionSource<DistributedApplicationBuilder> Captured { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>Thrown inside the AppHost entry point to stop it once the testing builder has its builder.</summary>
internal sealed class TestingBuilderCapturedException() : Exception("The testing builder took over the AppHost builder.");
