using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Kubernetes;
using Aspire.Hosting.Pipelines;

namespace Aspire.Hosting;

/// <summary>
/// <c>AddKubernetesEnvironment</c>, <c>WithHelm</c>, <c>WithProperties</c>: the names and shapes of Aspire 13's
/// Aspire.Hosting.Kubernetes (not served here), so the official package can replace this one.
/// </summary>
public static class KubernetesEnvironmentExtensions
{
    /// <summary>The configuration key of Aspire's <c>--step</c> switch.</summary>
    private const string PipelineStepKey = "Pipeline:Step";

    /// <summary>
    /// Adds a Kubernetes environment: <c>aspire publish -o DIR</c> writes the application as a Helm chart into DIR.
    /// In run mode the environment is not part of the model (nothing runs for it).
    /// </summary>
    /// <remarks>
    /// <c>aspire publish</c> runs the AppHost with <c>--operation publish --step publish</c>: the <c>publish</c> step and
    /// what it depends on (this environment's <c>publish-{name}</c>, which writes the chart), no image build. Aspire runs
    /// every step of the pipeline (image builds, pushes, deployments) when the AppHost is started with
    /// <c>--operation publish</c> and no <c>--step</c>; with a Kubernetes environment such a start runs the
    /// <c>publish</c> step, as the CLI does, so that <c>dotnet run --project AppHost -- --operation publish
    /// --output-path DIR</c> writes the chart without a container runtime (Aspire does the same for
    /// <c>--publisher manifest</c>). The images are built by the <c>build</c> step (<c>aspire do build</c>), as in
    /// Aspire 13, or by hand (docs/deploy.md).
    /// </remarks>
    /// <param name="builder">The application builder.</param>
    /// <param name="name">The environment's name, e.g. <c>k8s</c>.</param>
    /// <returns>The environment's builder.</returns>
    /// <example><code>builder.AddKubernetesEnvironment("k8s").WithHelm(helm => helm.WithChartName("tradingaspire"));</code></example>
    public static IResourceBuilder<KubernetesEnvironmentResource> AddKubernetesEnvironment(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var resource = new KubernetesEnvironmentResource(name) { HelmChartName = ChartName(builder.Environment.ApplicationName) };
        if (builder.ExecutionContext.IsPublishMode && string.IsNullOrEmpty(builder.Configuration[PipelineStepKey]))
        {
            builder.Configuration[PipelineStepKey] = WellKnownPipelineSteps.Publish;
        }

        return builder.ExecutionContext.IsRunMode ? builder.CreateResourceBuilder(resource) : builder.AddResource(resource).ExcludeFromManifest();
    }

    /// <summary>Sets the Helm chart's name, version and description.</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithHelm(this IResourceBuilder<KubernetesEnvironmentResource> builder, Action<HelmChartOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        configure?.Invoke(new HelmChartOptions(builder));
        return builder;
    }

    /// <summary>Sets the environment's properties (storage class and size, pull policy, service type, helper images).</summary>
    public static IResourceBuilder<KubernetesEnvironmentResource> WithProperties(this IResourceBuilder<KubernetesEnvironmentResource> builder, Action<KubernetesEnvironmentResource> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(configure);
        configure(builder.Resource);
        return builder;
    }

    private static string ChartName(string applicationName)
    {
        var name = new string(applicationName.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return name.Length > 0 && char.IsAsciiLetter(name[0]) ? name : "aspire";
    }
}
