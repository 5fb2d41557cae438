using System.Text.Json.Nodes;
using Google.Protobuf;

namespace TradingAspire.Dashboard.Otlp;

/// <summary>
/// Parses OTLP/HTTP JSON. OTLP's JSON encoding writes trace and span ids as hex, while protobuf's JSON mapping expects
/// base64 for bytes, so the ids are converted before handing the document to Google.Protobuf's parser.
/// </summary>
public static class OtlpJson
{
    private static readonly HashSet<string> IdFields = ["traceId", "spanId", "parentSpanId"];
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    /// <summary>Parses a request body into the OTLP message type.</summary>
    public static T Parse<T>(string json) where T : IMessage<T>, new()
    {
        var node = JsonNode.Parse(json) ?? throw new FormatException("The body is empty.");
        ConvertIds(node);
        return Parser.Parse<T>(node.ToJsonString());
    }

    private static void ConvertIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (IdFields.Contains(key) && value is JsonValue v && v.TryGetValue<string>(out var hex) && hex.Length > 0)
                    {
                        obj[key] = Convert.ToBase64String(Convert.FromHexString(hex));
                    }
                    else if (value is not null)
                    {
                        ConvertIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        ConvertIds(item);
                    }
                }

                break;
        }
    }
}
