using System.Text.Json;

namespace TradingAspire.Gateway.Apis;

/// <summary>Finds which top-level field of a JSON object holds the text that makes it invalid (e.g. <c>"quantity": NaN</c>).</summary>
public static class JsonErrorLocator
{
    /// <summary>
    /// The name of the last property read before the JSON becomes invalid, when the error is inside a top-level
    /// object's value; null when the body is valid, not an object, or broken before any property.
    /// </summary>
    public static string? FieldAtError(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        string? lastProperty = null;
        try
        {
            while (reader.Read())
            {
                if (reader.CurrentDepth != 1)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    lastProperty = reader.GetString();
                }
                else if (reader.TokenType is not JsonTokenType.StartObject and not JsonTokenType.StartArray)
                {
                    // The property's value is complete: an error after it is not in this field.
                    lastProperty = null;
                }
            }

            return null;
        }
        catch (JsonException)
        {
            return lastProperty;
        }
    }
}
