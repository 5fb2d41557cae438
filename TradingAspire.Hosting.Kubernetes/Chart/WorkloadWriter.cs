using Aspire.Hosting.ApplicationModel;
using TradingAspire.Hosting;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// Writes the objects of one workload: its environment as a ConfigMap and a Secret (each variable referenced by key),
/// its configuration files as a ConfigMap mounted by <c>subPath</c>, the pod (image from values, ports, probes,
/// requests, preStop, init containers for its <c>WaitFor</c>s), the controller and its Service.
/// </summary>
internal sealed class WorkloadWriter(KubernetesEnvironmentResource environment, HelmChartWorkloads workloads, HelmValues values,
    HelmValueResolver resolver, DistributedApplicationExecutionContext executionContext)
{
    public const string NameLabel = "app.kubernetes.io/name";

    /// <summary>True when an init container of <paramref name="workload"/> waits for a Job (it needs the job waiter's ServiceAccount).</summary>
    public bool WaitsForJob(IResource workload)
        => workload.Annotations.OfType<WaitAnnotation>().Any(w => w.WaitType == WaitType.WaitForCompletion);

    public async Task<List<(string Kind, YamlMapping Document)>> WriteAsync(IResource workload, CancellationToken cancellationToken)
    {
        var documents = new List<(string, YamlMapping)>();
        var settings = workload.KubernetesSettings();
        var key = HelmValues.Key(workload.Name);
        var env = await EnvironmentAsync(workload, cancellationToken).ConfigureAwait(false);
        var plain = env.Where(e => !e.Value.Secret).ToList();
        var secret = env.Where(e => e.Value.Secret).ToList();
        if (plain.Count > 0)
        {
            documents.Add(("configmap", Object("v1", "ConfigMap", $"{workload.Name}-env", workload)
                .With("data", Map(plain.Select(e => (e.Key, (object)e.Value.Text))))));
        }

        if (secret.Count > 0)
        {
            documents.Add(("secret", Object("v1", "Secret", $"{workload.Name}-env", workload)
                .With("type", "Opaque")
                .With("stringData", Map(secret.Select(e => (e.Key, (object)e.Value.Text))))));
        }

        var files = workload.Annotations.OfType<ContainerMountAnnotation>().Where(m => m.Type == ContainerMountType.BindMount).ToList();
        if (files.Count > 0)
        {
            documents.Add(("files", Object("v1", "ConfigMap", $"{workload.Name}-files", workload)
                .With("data", Map(files.Select(f => (FileKey(workload, f), (object)File.ReadAllText(f.Source!)))))));
        }

        var container = await ContainerAsync(workload, key, env, files, settings, cancellationToken).ConfigureAwait(false);
        var pod = Pod(workload, container, files, settings);
        var labels = Map([(NameLabel, (object)workload.Name)]);
        var template = new YamlMapping().With("metadata", new YamlMapping().With("labels", labels)).With("spec", pod);
        if (workloads.IsJob(workload))
        {
            pod.Insert(0, new("restartPolicy", "OnFailure"));
            var backoff = workload.TryGetLastAnnotation<RestartPolicyAnnotation>(out var restart) ? restart.MaxRestarts : 3;
            documents.Add(("job", Object("batch/v1", "Job", workload.Name, workload)
                .With("spec", new YamlMapping().With("backoffLimit", backoff).With("template", template))));
            return documents;
        }

        var spec = new YamlMapping()
            .With("replicas", settings.SingleInstance || HelmChartWorkloads.IsStateful(workload) ? 1 : HelmExpression.Value(values.Set($"{key}.replicas", settings.Replicas)))
            .With("selector", new YamlMapping().With("matchLabels", labels));
        if (HelmChartWorkloads.IsStateful(workload))
        {
            spec.With("serviceName", workload.Name).With("template", template).With("volumeClaimTemplates", ClaimTemplates(workload, key, settings));
            documents.Add(("statefulset", Object("apps/v1", "StatefulSet", workload.Name, workload).With("spec", spec)));
        }
        else
        {
            spec.With("strategy", new YamlMapping().With("type", settings.SingleInstance ? "Recreate" : "RollingUpdate")).With("template", template);
            documents.Add(("deployment", Object("apps/v1", "Deployment", workload.Name, workload).With("spec", spec)));
        }

        var endpoints = workload.Annotations.OfType<EndpointAnnotation>().ToList();
        if (endpoints.Count > 0)
        {
            documents.Add(("service", Object("v1", "Service", workload.Name, workload).With("spec", new YamlMapping()
                .With("type", HelmExpression.Value("serviceType", quote: true))
                .With("selector", labels)
                .With("ports", endpoints.Select(e => (object)new YamlMapping()
                    .With("name", e.Name).With("protocol", "TCP")
                    .With("port", HelmChartWorkloads.ServicePort(e))
                    .With("targetPort", HelmChartWorkloads.ContainerPort(workload, e))).ToList()))));
        }

        return documents;
    }

    private async Task<List<KeyValuePair<string, HelmText>>> EnvironmentAsync(IResource workload, CancellationToken cancellationToken)
    {
        var raw = new Dictionary<string, object>();
        foreach (var callback in workload.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            await callback.Callback(new EnvironmentCallbackContext(executionContext, workload, raw, cancellationToken)).ConfigureAwait(false);
        }

        var env = new List<KeyValuePair<string, HelmText>>();
        foreach (var (name, value) in raw.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            env.Add(new(name, await resolver.ResolveAsync(value, cancellationToken).ConfigureAwait(false)));
        }

        return env;
    }

    private async Task<YamlMapping> ContainerAsync(IResource workload, string key, List<KeyValuePair<string, HelmText>> env,
        List<ContainerMountAnnotation> files, KubernetesResource settings, CancellationToken cancellationToken)
    {
        var container = new YamlMapping()
            .With("name", workload.Name)
            .With("image", Image(workload, key))
            .With("imagePullPolicy", HelmExpression.Value("imagePullPolicy", quote: true));
        if (workload is ContainerResource { Entrypoint: { } entrypoint })
        {
            container.With("command", new List<object> { entrypoint });
        }

        var args = await ArgsAsync(workload, cancellationToken).ConfigureAwait(false);
        if (args.Count > 0)
        {
            container.With("args", args.Cast<object>().ToList());
        }

        var ports = workload.Annotations.OfType<EndpointAnnotation>()
            .Select(e => (object)new YamlMapping().With("name", e.Name).With("containerPort", HelmChartWorkloads.ContainerPort(workload, e)).With("protocol", "TCP"))
            .ToList();
        if (ports.Count > 0)
        {
            container.With("ports", ports);
        }

        if (env.Count > 0)
        {
            container.With("env", env.Select(e => (object)new YamlMapping().With("name", e.Key).With("valueFrom", new YamlMapping()
                .With(e.Value.Secret ? "secretKeyRef" : "configMapKeyRef", new YamlMapping().With("name", $"{workload.Name}-env").With("key", e.Key)))).ToList());
        }

        container.With("resources", new YamlMapping().With("requests", new YamlMapping()
            .With("cpu", HelmExpression.Value(values.Set($"{key}.resources.cpu", settings.CpuRequest), quote: true))
            .With("memory", HelmExpression.Value(values.Set($"{key}.resources.memory", settings.MemoryRequest), quote: true))));
        WorkloadProbes.Add(container, workload);
        if (workload.TryGetLastAnnotation<ShutdownSignalAnnotation>(out var signal) && signal.Signal != ShutdownSignal.Terminate)
        {
            // The process is PID 1 in its container: this signal (e.g. SIGINT, PostgreSQL's fast shutdown) comes before Kubernetes' SIGTERM.
            container.With("lifecycle", new YamlMapping().With("preStop", new YamlMapping().With("exec", new YamlMapping()
                .With("command", new List<object> { "/bin/sh", "-c", $"kill -{(signal.Signal == ShutdownSignal.Interrupt ? "INT" : "QUIT")} 1" }))));
        }

        var mounts = new List<object>();
        var claim = 0;
        foreach (var mount in workload.Annotations.OfType<ContainerMountAnnotation>())
        {
            mounts.Add(mount.Type == ContainerMountType.Volume
                ? new YamlMapping().With("name", ClaimName(claim++)).With("mountPath", mount.Target)
                : new YamlMapping().With("name", "files").With("mountPath", mount.Target).With("subPath", FileKey(workload, mount)).With("readOnly", true));
        }

        if (mounts.Count > 0)
        {
            container.With("volumeMounts", mounts);
        }

        return container;
    }

    private YamlMapping Pod(IResource workload, YamlMapping container, List<ContainerMountAnnotation> files, KubernetesResource settings)
    {
        var pod = new YamlMapping();
        if (WaitsForJob(workload))
        {
            pod.With("serviceAccountName", HelmChartBuilder.JobWaiterName);
        }

        pod.With("terminationGracePeriodSeconds", settings.TerminationGracePeriodSeconds);
        var init = WorkloadInitContainers.For(workload, workloads, values, environment);
        if (init.Count > 0)
        {
            pod.With("initContainers", init);
        }

        pod.With("containers", new List<object> { container });
        if (files.Count > 0)
        {
            pod.With("volumes", new List<object>
            {
                new YamlMapping().With("name", "files").With("configMap", new YamlMapping().With("name", $"{workload.Name}-files")),
            });
        }

        return pod;
    }

    private List<object> ClaimTemplates(IResource workload, string key, KubernetesResource settings)
    {
        var size = values.Set($"{key}.storage", settings.StorageSize == new KubernetesResource("").StorageSize ? environment.DefaultStorageSize : settings.StorageSize);
        var claims = new List<object>();
        var count = workload.Annotations.OfType<ContainerMountAnnotation>().Count(m => m.Type == ContainerMountType.Volume);
        for (var i = 0; i < count; i++)
        {
            var spec = new YamlMapping()
                .With("accessModes", new List<object> { environment.DefaultStorageReadWritePolicy })
                .With("resources", new YamlMapping().With("requests", new YamlMapping().With("storage", HelmExpression.Value(size, quote: true))));
            if (environment.DefaultStorageClassName is not null)
            {
                spec.With("storageClassName", HelmExpression.Value(values.Set("storageClassName", environment.DefaultStorageClassName), quote: true));
            }

            claims.Add(new YamlMapping().With("metadata", new YamlMapping().With("name", ClaimName(i))).With("spec", spec));
        }

        return claims;
    }

    private object Image(IResource workload, string key)
    {
        if (workload is ProjectResource || workload.Annotations.OfType<DockerfileBuildAnnotation>().Any())
        {
            // Built from this repository: pushed to a registry set at install (global.imageRegistry, e.g. "registry.example.com/trading/").
            var path = values.Set($"images.{key}", $"{workload.Name}:latest");
            return $"{HelmExpression.Inline("global.imageRegistry")}{HelmExpression.Inline(path)}";
        }

        if (!workload.TryGetLastAnnotation<ContainerImageAnnotation>(out var image))
        {
            throw new InvalidOperationException($"Container resource '{workload.Name}' has no image and no Dockerfile.");
        }

        var reference = $"{(image.Registry is { Length: > 0 } r ? r + "/" : "")}{image.Image}:{image.Tag ?? "latest"}";
        return HelmExpression.Value(values.Set($"images.{key}", reference), quote: true);
    }

    private async Task<List<string>> ArgsAsync(IResource workload, CancellationToken cancellationToken)
    {
        var raw = new List<object>();
        var context = new CommandLineArgsCallbackContext(raw, workload, cancellationToken) { ExecutionContext = executionContext };
        foreach (var callback in workload.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context).ConfigureAwait(false);
        }

        var args = new List<string>();
        foreach (var arg in raw)
        {
            var text = await resolver.ResolveAsync(arg, cancellationToken).ConfigureAwait(false);
            if (text.Secret)
            {
                throw new InvalidOperationException($"An argument of '{workload.Name}' holds a secret; pass secrets through the environment instead.");
            }

            args.Add(text.Text);
        }

        return args;
    }

    private static YamlMapping Object(string apiVersion, string kind, string name, IResource workload)
        => new YamlMapping().With("apiVersion", apiVersion).With("kind", kind)
            .With("metadata", new YamlMapping().With("name", name).With("labels", Map([(NameLabel, (object)workload.Name)])));

    private static YamlMapping Map(IEnumerable<(string Key, object Value)> entries)
    {
        var map = new YamlMapping();
        foreach (var (k, v) in entries)
        {
            map.With(k, v);
        }

        return map;
    }

    private static string ClaimName(int index) => index == 0 ? "data" : $"data-{index}";

    private static string FileKey(IResource workload, ContainerMountAnnotation mount)
        => File.Exists(mount.Source) ? Path.GetFileName(mount.Source!)
            : throw new InvalidOperationException($"Bind mount '{mount.Source}' of '{workload.Name}' is not a file: only files become ConfigMaps in the chart.");
}
