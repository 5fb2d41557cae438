using System.Text.Json.Nodes;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>Every template renders with the default values into objects the Kubernetes API types accept strictly.</summary>
public sealed class ChartObjectTests(PublishedChart chart) : IClassFixture<PublishedChart>
{
    [Fact]
    public void Every_rendered_object_is_a_valid_Kubernetes_object_of_its_kind()
    {
        var objects = chart.Rendered();
        Assert.NotEmpty(objects);
        foreach (var rendered in objects)
        {
            KubernetesSchema.Validate(rendered.File, rendered.Json);
        }
    }

    [Fact]
    public void The_chart_has_the_workload_kinds_the_design_names()
    {
        var kinds = chart.Rendered().Select(o => $"{o.Kind}/{o.Name}").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(
        [
            "ConfigMap/gateway-env", "ConfigMap/migrations-env", "ConfigMap/postgres-env", "ConfigMap/postgres-files", "ConfigMap/redis-files",
            "ConfigMap/strategy-env", "ConfigMap/trading-api-env", "ConfigMap/trading-ui-env",
            "Deployment/gateway", "Deployment/strategy", "Deployment/trading-api", "Deployment/trading-ui",
            "Job/migrations", "Role/wait-for-jobs", "RoleBinding/wait-for-jobs",
            "Secret/gateway-env", "Secret/migrations-env", "Secret/postgres-env", "Secret/redis-env", "Secret/strategy-env", "Secret/trading-api-env",
            "Service/gateway", "Service/postgres", "Service/redis", "Service/trading-api", "Service/trading-ui",
            "ServiceAccount/wait-for-jobs", "StatefulSet/postgres", "StatefulSet/redis",
        ], kinds);
    }

    [Fact]
    public void The_gateway_is_a_single_writer_one_replica_replaced_with_Recreate()
    {
        var gateway = chart.Object("Deployment", "gateway").Json;
        Assert.Equal(1L, (long)gateway["spec"]!["replicas"]!);
        Assert.Equal("Recreate", (string?)gateway["spec"]!["strategy"]!["type"]);
        Assert.Equal("RollingUpdate", (string?)chart.Object("Deployment", "trading-api").Json["spec"]!["strategy"]!["type"]);
    }

    [Fact]
    public void PostgreSQL_and_Redis_keep_their_data_in_claims_and_PostgreSQL_stops_fast()
    {
        foreach (var (name, path) in new[] { ("postgres", "/var/lib/postgresql"), ("redis", "/data") })
        {
            var spec = chart.Object("StatefulSet", name).Json["spec"]!;
            Assert.Equal("data", (string?)spec["volumeClaimTemplates"]![0]!["metadata"]!["name"]);
            Assert.Equal("1Gi", (string?)spec["volumeClaimTemplates"]![0]!["spec"]!["resources"]!["requests"]!["storage"]);
            var mounts = spec["template"]!["spec"]!["containers"]![0]!["volumeMounts"]!.AsArray();
            Assert.Contains(mounts, m => (string?)m!["name"] == "data" && (string?)m["mountPath"] == path);
        }

        var postgres = chart.Object("StatefulSet", "postgres").Json["spec"]!["template"]!["spec"]!["containers"]![0]!;
        Assert.Equal("kill -INT 1", (string?)postgres["lifecycle"]!["preStop"]!["exec"]!["command"]![2]);
        Assert.Equal(["-c", "config_file=/etc/postgresql/postgresql.conf", "-c", "listen_addresses=*"], postgres["args"]!.AsArray().Select(a => (string)a!));
    }

    [Fact]
    public void Validation_refuses_an_unknown_field_and_a_missing_required_field()
    {
        var unknown = JsonNode.Parse("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"datum":{"a":"b"}}""")!.AsObject();
        var error = Assert.Throws<InvalidOperationException>(() => KubernetesSchema.Validate("unknown.yaml", unknown));
        Assert.StartsWith("unknown.yaml: not a valid V1ConfigMap:", error.Message);

        var noPort = JsonNode.Parse("""{"apiVersion":"v1","kind":"Service","metadata":{"name":"x"},"spec":{"ports":[{"name":"http"}]}}""")!.AsObject();
        error = Assert.Throws<InvalidOperationException>(() => KubernetesSchema.Validate("service.yaml", noPort));
        Assert.Equal("service.yaml: V1Service lacks required field(s) .spec.ports[0].port.", error.Message);

        var noName = JsonNode.Parse("""{"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"x"},"spec":{"template":{"spec":{"containers":[{"image":"i"}]}}}}""")!.AsObject();
        error = Assert.Throws<InvalidOperationException>(() => KubernetesSchema.Validate("job.yaml", noName));
        Assert.Equal("job.yaml: V1Job lacks required field(s) .spec.template.spec.containers[0].name.", error.Message);
    }
}
