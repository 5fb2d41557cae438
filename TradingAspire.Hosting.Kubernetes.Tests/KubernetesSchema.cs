using System.Collections;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// Checks a rendered object strictly against the KubernetesClient model type of its apiVersion and kind: a field the
/// type does not have fails (System.Text.Json, unmapped members disallowed), and so does a missing required field.
/// Required fields: every non-nullable value-type property of a model (KubernetesClient makes optional numbers
/// nullable), plus the reference-typed fields the Kubernetes API marks required (the library does not mark them; the
/// table below is the API reference's "required" lists for the types a chart of this integration uses).
/// </summary>
public static class KubernetesSchema
{
    private static readonly Dictionary<(string ApiVersion, string Kind), Type> Types = new()
    {
        [("v1", "ConfigMap")] = typeof(V1ConfigMap),
        [("v1", "Secret")] = typeof(V1Secret),
        [("v1", "Service")] = typeof(V1Service),
        [("v1", "ServiceAccount")] = typeof(V1ServiceAccount),
        [("apps/v1", "Deployment")] = typeof(V1Deployment),
        [("apps/v1", "StatefulSet")] = typeof(V1StatefulSet),
        [("batch/v1", "Job")] = typeof(V1Job),
        [("rbac.authorization.k8s.io/v1", "Role")] = typeof(V1Role),
        [("rbac.authorization.k8s.io/v1", "RoleBinding")] = typeof(V1RoleBinding),
    };

    private static readonly Dictionary<Type, string[]> RequiredReferences = new()
    {
        [typeof(V1Container)] = ["name"],
        [typeof(V1EnvVar)] = ["name"],
        [typeof(V1ConfigMapKeySelector)] = ["key"],
        [typeof(V1SecretKeySelector)] = ["key"],
        [typeof(V1Volume)] = ["name"],
        [typeof(V1VolumeMount)] = ["name", "mountPath"],
        [typeof(V1DeploymentSpec)] = ["selector", "template"],
        [typeof(V1StatefulSetSpec)] = ["selector", "template"],
        [typeof(V1JobSpec)] = ["template"],
        [typeof(V1PodSpec)] = ["containers"],
        [typeof(V1HTTPGetAction)] = ["port"],
        [typeof(V1TCPSocketAction)] = ["port"],
        [typeof(V1PolicyRule)] = ["verbs"],
        [typeof(V1RoleRef)] = ["apiGroup", "kind", "name"],
        [typeof(V1RoleBinding)] = ["roleRef"],
        [typeof(Rbacv1Subject)] = ["kind", "name"],
    };

    private static readonly JsonSerializerOptions Strict = CreateOptions();

    /// <summary>Deserializes <paramref name="json"/> into its model type; throws naming the file, path and field on any violation.</summary>
    public static object Validate(string file, JsonObject json)
    {
        var apiVersion = (string?)json["apiVersion"];
        var kind = (string?)json["kind"];
        if (!Types.TryGetValue((apiVersion ?? "", kind ?? ""), out var type))
        {
            throw new InvalidOperationException($"{file}: no model type for apiVersion '{apiVersion}', kind '{kind}'.");
        }

        object model;
        try
        {
            model = json.Deserialize(type, Strict) ?? throw new InvalidOperationException($"{file}: empty object.");
        }
        catch (JsonException ex)
        {
            throw new InvalidOperationException($"{file}: not a valid {type.Name}: {ex.Message}", ex);
        }

        var missing = new List<string>();
        if (json["metadata"]?["name"] is null)
        {
            missing.Add(".metadata.name");  // not in the OpenAPI lists (generateName may replace it), but this chart names every object
        }

        Required(json, type, "", missing);
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"{file}: {type.Name} lacks required field(s) {string.Join(", ", missing)}.");
        }

        return model;
    }

    private static void Required(JsonNode? node, Type type, string path, List<string> missing)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (node is JsonArray array && ElementType(type) is { } element)
        {
            for (var i = 0; i < array.Count; i++)
            {
                Required(array[i], element, $"{path}[{i}]", missing);
            }

            return;
        }

        if (node is not JsonObject obj || type.Namespace != typeof(V1Pod).Namespace)
        {
            return;
        }

        var references = RequiredReferences.GetValueOrDefault(type, []);
        foreach (var property in type.GetProperties())
        {
            if (property.GetCustomAttribute<JsonPropertyNameAttribute>() is not { } name)
            {
                continue;
            }

            var present = obj.TryGetPropertyValue(name.Name, out var child) && child is not null;
            var required = references.Contains(name.Name) || (property.PropertyType.IsValueType && Nullable.GetUnderlyingType(property.PropertyType) is null);
            if (required && !present)
            {
                missing.Add($"{path}.{name.Name}");
            }
            else if (present)
            {
                Required(child, property.PropertyType, $"{path}.{name.Name}", missing);
            }
        }
    }

    private static Type? ElementType(Type type)
        => type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element : null;

    private static JsonSerializerOptions CreateOptions()
    {
        JsonSerializerOptions? captured = null;
        KubernetesJson.AddJsonOptions(options => captured = new JsonSerializerOptions(options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow });
        return captured ?? throw new InvalidOperationException("KubernetesClient's JSON options were not available.");
    }
}
