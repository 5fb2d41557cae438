using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using TradingAspire.TestSupport;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>The rendered objects refer to each other correctly: selectors, keys, ports, volumes, accounts, waits, environment.</summary>
public sealed partial class ChartReferenceTests(PublishedChart chart) : IClassFixture<PublishedChart>
{
    private IReadOnlyList<RenderedObject> Objects { get; } = chart.Rendered();

    private IEnumerable<(RenderedObject Owner, JsonNode Template)> PodTemplates
        => Objects.Where(o => o.Kind is "Deployment" or "StatefulSet" or "Job").Select(o => (o, o.Json["spec"]!["template"]!));

    private IEnumerable<(RenderedObject Owner, JsonNode Container)> Containers
        => PodTemplates.SelectMany(p => All(p.Template["spec"]!["containers"]).Concat(All(p.Template["spec"]!["initContainers"])).Select(c => (p.Owner, c)));

    [Fact]
    public void Every_Service_selects_the_labels_of_a_pod_template_and_targets_its_container_ports()
    {
        foreach (var service in Objects.Where(o => o.Kind == "Service"))
        {
            var selector = service.Json["spec"]!["selector"]!.AsObject();
            var pods = PodTemplates.Where(p => selector.All(s => (string?)p.Template["metadata"]!["labels"]![s.Key] == (string?)s.Value)).ToList();
            var pod = Assert.Single(pods);
            var containerPorts = All(pod.Template["spec"]!["containers"]).SelectMany(c => All(c["ports"])).ToList();
            foreach (var port in All(service.Json["spec"]!["ports"]))
            {
                var target = port["targetPort"]!;
                Assert.True(containerPorts.Any(p => target.GetValueKind() == System.Text.Json.JsonValueKind.Number
                    ? (long)p["containerPort"]! == (long)target
                    : (string?)p["name"] == (string?)target), $"Service {service.Name} targets port {target}, which no container of {pod.Owner.Name} declares.");
            }
        }
    }

    [Fact]
    public void Every_secretKeyRef_and_configMapKeyRef_names_an_existing_key()
    {
        var references = Containers.SelectMany(c => All(c.Container["env"])).Select(e => e["valueFrom"]).Where(v => v is not null).ToList();
        Assert.NotEmpty(references);
        foreach (var valueFrom in references)
        {
            var (kind, selector) = valueFrom!["secretKeyRef"] is { } secret ? ("Secret", secret) : ("ConfigMap", valueFrom["configMapKeyRef"]!);
            var target = Objects.SingleOrDefault(o => o.Kind == kind && o.Name == (string?)selector["name"]);
            Assert.True(target is not null, $"{kind} {selector["name"]} is referenced but not in the chart.");
            var keys = (target.Json["data"] ?? target.Json["stringData"])!.AsObject();
            Assert.True(keys.ContainsKey((string)selector["key"]!), $"{kind} {target.Name} has no key {selector["key"]}.");
        }
    }

    [Fact]
    public void Every_volume_mount_probe_port_and_service_account_exists()
    {
        foreach (var (owner, template) in PodTemplates)
        {
            var volumes = All(template["spec"]!["volumes"]).Select(v => (string)v["name"]!)
                .Concat(All(owner.Json["spec"]!["volumeClaimTemplates"]).Select(c => (string)c["metadata"]!["name"]!)).ToHashSet();
            foreach (var configMap in All(template["spec"]!["volumes"]).Select(v => (string?)v["configMap"]?["name"]).OfType<string>())
            {
                Assert.Contains(Objects, o => o.Kind == "ConfigMap" && o.Name == configMap);
            }

            foreach (var container in All(template["spec"]!["containers"]))
            {
                Assert.All(All(container["volumeMounts"]), m => Assert.Contains((string)m["name"]!, volumes));
                var ports = All(container["ports"]).Select(p => (string)p["name"]!).ToHashSet();
                foreach (var probe in new[] { "readinessProbe", "livenessProbe" }.Select(p => container[p]).OfType<JsonNode>())
                {
                    var port = probe["httpGet"]?["port"] ?? probe["tcpSocket"]?["port"];
                    Assert.True(port is null || ports.Contains((string)port!), $"A probe of {owner.Name} uses port {port}, which the container does not name.");
                }
            }

            if ((string?)template["spec"]!["serviceAccountName"] is { } account)
            {
                Assert.Contains(Objects, o => o.Kind == "ServiceAccount" && o.Name == account);
                Assert.Contains(Objects, o => o.Kind == "RoleBinding" && (string?)o.Json["subjects"]![0]!["name"] == account
                    && Objects.Any(r => r.Kind == "Role" && r.Name == (string?)o.Json["roleRef"]!["name"]));
            }
        }
    }

    [Fact]
    public void Every_wait_names_a_Service_port_or_a_Job_of_the_chart()
    {
        var waits = Containers.Where(c => ((string)c.Container["name"]!).StartsWith("wait-for-", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(waits);
        foreach (var (owner, container) in waits)
        {
            var script = (string)container["command"]![2]!;
            if (WaitForService().Match(script) is { Success: true } service)
            {
                var target = Objects.Single(o => o.Kind == "Service" && o.Name == service.Groups[1].Value);
                Assert.Contains(All(target.Json["spec"]!["ports"]), p => (long)p["port"]! == long.Parse(service.Groups[2].Value));
            }
            else
            {
                var job = WaitForJob().Match(script);
                Assert.True(job.Success, $"Init container of {owner.Name} waits on neither a Service nor a Job: {script}");
                Assert.Contains(Objects, o => o.Kind == "Job" && o.Name == job.Groups[1].Value);
            }
        }

        // The start graph of Program.cs, as init containers.
        Assert.Equal(["wait-for-migrations", "wait-for-redis"], InitContainers("gateway"));
        Assert.Equal(["wait-for-postgres", "wait-for-redis"], InitContainers("trading-api"));
        Assert.Equal(["wait-for-redis"], InitContainers("strategy"));
        Assert.Equal(["wait-for-postgres"], InitContainers("migrations"));
        Assert.Empty(InitContainers("trading-ui"));
    }

    [Fact]
    public void Every_environment_variable_a_service_reads_is_set()
    {
        // What each process reads (besides optional settings with defaults), and where it reads it.
        var reads = new Dictionary<string, string[]>
        {
            ["postgres"] = ["POSTGRES_PASSWORD", "POSTGRES_USER"],                                    // the image's entrypoint
            ["redis"] = ["REDIS_PASSWORD"],                                                          // the container's command line
            ["migrations"] = ["ConnectionStrings__trading", "Migrations__Directory"],                  // MigrationSettings
            ["gateway"] = ["ConnectionStrings__trading", "ConnectionStrings__redis", "HTTP_PORTS", "Auth__SigningKey"],   // Aspire.Npgsql, Aspire.StackExchange.Redis, Kestrel
            ["trading-api"] = ["TRADING_URI", "REDIS_URI", "services__gateway__http__0",
                               "AUTH_SIGNING_KEY", "AUTH_STRATEGY_CLIENT_SECRET", "AUTH_TRADER_PASSWORD"],            // tradingaspire_common.config, auth
            ["strategy"] = ["REDIS_URI", "services__trading-api__http__0", "AUTH_CLIENT_SECRET"],              // tradingaspire_common.config, strategy.settings
            ["trading-ui"] = NginxVariables(),                                                       // apps/trading-ui/deploy/default.conf.template
        };
        foreach (var (workload, variables) in reads)
        {
            var container = Containers.Single(c => c.Owner.Name == workload && (string?)c.Container["name"] == workload).Container;
            var set = All(container["env"]).Select(e => (string)e["name"]!).ToHashSet();
            Assert.All(variables, v => Assert.True(set.Contains(v), $"{workload} reads {v}, which the chart does not set."));
        }

        Assert.Equal(["GATEWAY_HTTP", "PORT", "TRADING_API_HTTP"], reads["trading-ui"].Order(StringComparer.Ordinal));
    }

    [Fact]
    public void The_UI_image_proxies_every_path_Vite_proxies_and_can_compile_in_the_telemetry_settings_Vite_reads()
    {
        // The run-mode UI is Vite (vite.config.ts); the published one is nginx serving a build of apps/trading-ui/Dockerfile.
        var app = Path.Combine(AppHostProcess.RepositoryRoot(), "apps", "trading-ui");
        var vite = File.ReadAllText(Path.Combine(app, "vite.config.ts"));
        var proxied = ViteProxyPath().Matches(vite).Select(m => m.Groups[1].Value).ToList();
        var nginx = File.ReadAllText(Path.Combine(app, "deploy", "default.conf.template"));
        var located = NginxLocation().Matches(nginx).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(["/api-health", "/api", "/auth", "/ws"], proxied);
        Assert.All(proxied, path => Assert.True(located.Contains(path), $"nginx does not route {path} as vite.config.ts does."));

        // X-Forwarded-For (trading-api's security log) is the peer's address, not appended to one the browser could forge.
        Assert.Equal(2, Regex.Count(nginx, @"location /(api|auth) \{[^\n]*proxy_set_header X-Forwarded-For \$remote_addr;"));
        Assert.DoesNotContain("$proxy_add_x_forwarded_for", nginx);
        Assert.DoesNotContain("xfwd:", vite);

        // The browser's OTLP settings are compiled in by `npm run build`: the image's build stage takes them as build arguments.
        var dockerfile = File.ReadAllText(Path.Combine(app, "Dockerfile"));
        var build = dockerfile[..dockerfile.IndexOf("RUN npm run build", StringComparison.Ordinal)];
        var read = ViteOtelVariable().Matches(vite).Select(m => m.Groups[1].Value).Distinct().ToList();
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", read);
        Assert.All(read, v => Assert.True(Regex.IsMatch(build, $@"^ARG {v}=", RegexOptions.Multiline), $"The UI image's build stage has no 'ARG {v}=' before npm run build."));
    }

    private List<string> InitContainers(string workload)
        => All(PodTemplates.Single(p => p.Owner.Name == workload).Template["spec"]!["initContainers"]).Select(c => (string)c["name"]!).ToList();

    private static string[] NginxVariables()
    {
        var template = File.ReadAllText(Path.Combine(AppHostProcess.RepositoryRoot(), "apps", "trading-ui", "deploy", "default.conf.template"));
        return NginxVariable().Matches(template).Select(m => m.Groups[1].Value).Distinct().ToArray();
    }

    private static IEnumerable<JsonNode> All(JsonNode? array) => array is JsonArray items ? items.OfType<JsonNode>() : [];

    [GeneratedRegex(@"nc -z -w 2 ([a-z0-9-]+) (\d+)")]
    private static partial Regex WaitForService();

    [GeneratedRegex(@"kubectl wait --for=condition=complete job/([a-z0-9-]+)")]
    private static partial Regex WaitForJob();

    [GeneratedRegex(@"^\s*'(/[a-z-]+)': \{ target", RegexOptions.Multiline)]
    private static partial Regex ViteProxyPath();

    [GeneratedRegex(@"location (?:= )?(/[a-z-]+) \{")]
    private static partial Regex NginxLocation();

    [GeneratedRegex(@"env\.(OTEL_[A-Z_]+)")]
    private static partial Regex ViteOtelVariable();

    [GeneratedRegex(@"\$\{([A-Z_][A-Z0-9_]*)\}")]
    private static partial Regex NginxVariable();
}
