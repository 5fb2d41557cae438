using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Kubernetes.Chart;
using Aspire.Hosting.Pipelines;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting.Kubernetes;

/// <summary>
/// A Kubernetes environment: in publish mode (<c>aspire publish -o DIR</c>, or <c>dotnet run --project AppHost --
/// --operation publish --output-path DIR</c>) it writes a Helm chart for every deployable resource of the model into
/// the output directory (<c>Chart.yaml</c>, <c>values.yaml</c>, <c>templates/</c>). Same role and property names as
/// Aspire 13's <c>KubernetesEnvironmentResource</c>; the chart layout is described in docs/deploy.md.
/// </summary>
public sealed class KubernetesEnvironmentResource : Resource, IComputeEnvironmentResource
{
    /// <param name="name">The environment's name (the pipeline step is <c>publish-{name}</c>).</param>
    public KubernetesEnvironmentResource(string name) : base(name)
    {
        Annotations.Add(new PipelineStepAnnotation(factory =>
        {
            var step = new PipelineStep
            {
                Name = $"publish-{Name}",
                Description = $"Writes the Helm chart of Kubernetes environment '{Name}'.",
                Action = context => PublishAsync(context),
            };
            step.DependsOn(WellKnownPipelineSteps.PublishPrereq);
            step.RequiredBy(WellKnownPipelineSteps.Publish);
            return step;
        }));
    }

    /// <summary>The chart's name (<c>Chart.yaml</c> <c>name</c>); default the AppHost's application name, lower case.</summary>
    public string HelmChartName { get; internal set; } = "aspire";

    /// <summary>The chart's version (<c>Chart.yaml</c> <c>version</c>, SemVer 2).</summary>
    public string HelmChartVersion { get; internal set; } = "0.1.0";

    /// <summary>The chart's description.</summary>
    public string HelmChartDescription { get; internal set; } = "Aspire Helm Chart";

    /// <summary>The storage class of PersistentVolumeClaims (a chart value); null for the cluster's default class.</summary>
    public string? DefaultStorageClassName { get; set; }

    /// <summary>The default size of a PersistentVolumeClaim (a Kubernetes quantity).</summary>
    public string DefaultStorageSize { get; set; } = "1Gi";

    /// <summary>The access mode of PersistentVolumeClaims.</summary>
    public string DefaultStorageReadWritePolicy { get; set; } = "ReadWriteOnce";

    /// <summary>The image pull policy of every container: <c>Always</c>, <c>IfNotPresent</c> or <c>Never</c>.</summary>
    public string DefaultImagePullPolicy { get; set; } = "IfNotPresent";

    /// <summary>The type of every Service: <c>ClusterIP</c>, <c>NodePort</c> or <c>LoadBalancer</c>.</summary>
    public string DefaultServiceType { get; set; } = "ClusterIP";

    /// <summary>
    /// The image that waits for a dependency in an init container (<c>nc -z</c>): busybox, a chart value
    /// (<c>images.waitForService</c>).
    /// </summary>
    public string WaitForServiceImage { get; set; } = "docker.io/library/busybox:1.37";

    /// <summary>The image that waits for a Job to complete in an init container (<c>kubectl wait</c>), a chart value (<c>images.waitForJob</c>).</summary>
    public string WaitForJobImage { get; set; } = "docker.io/bitnami/kubectl:1.33";

    /// <inheritdoc />
    public ReferenceExpression GetHostAddressExpression(EndpointReference endpointReference)
        => ReferenceExpression.Create($"{endpointReference.Resource.Name}");

    private async Task PublishAsync(PipelineStepContext context)
    {
        var outputDirectory = context.Services.GetService(typeof(IPipelineOutputService)) is IPipelineOutputService output
            ? output.GetOutputDirectory()
            : throw new InvalidOperationException("The publish output directory is not known: run `aspire publish -o DIR` or `--operation publish --output-path DIR`.");
        var chart = await new HelmChartBuilder(this, context.Model, context.ExecutionContext).BuildAsync(context.CancellationToken).ConfigureAwait(false);
        await chart.WriteAsync(outputDirectory, context.CancellationToken).ConfigureAwait(false);
        context.Logger.LogInformation("Helm chart '{Chart}' written to {Directory} ({Count} files).", HelmChartName, outputDirectory, chart.Files.Count);
    }
}
