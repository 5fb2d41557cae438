using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>A Kubernetes object rendered from a template: its file, kind, name and JSON form (as the API server reads YAML).</summary>
public sealed record RenderedObject(string File, string Kind, string Name, JsonObject Json)
{
    /// <summary>
    /// Parses a rendered template (one or more YAML documents) the way Kubernetes does (YAML 1.2 core schema): a plain
    /// scalar is a boolean, integer, float or null when it reads as one; a quoted scalar is always a string.
    /// </summary>
    public static IEnumerable<RenderedObject> Parse(string file, string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        foreach (var document in stream.Documents)
        {
            if (ToJson(document.RootNode) is not JsonObject json)
            {
                continue;
            }

            yield return new(file, (string)json["kind"]!, (string?)json["metadata"]?["name"] ?? "", json);
        }
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(e => KeyValuePair.Create(((YamlScalarNode)e.Key).Value!, ToJson(e.Value)))),
        YamlSequenceNode list => new JsonArray(list.Children.Select(ToJson).ToArray()),
        YamlScalarNode { Style: ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new InvalidOperationException($"Unexpected YAML node {node.NodeType}."),
    };

    private static JsonNode? Plain(string value) => value switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) => JsonValue.Create(integer),
        _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
        _ => JsonValue.Create(value),
    };
}
