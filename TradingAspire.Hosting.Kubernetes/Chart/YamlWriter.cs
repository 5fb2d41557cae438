using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// Writes <see cref="YamlMapping"/> trees as block YAML: strings double-quoted (JSON escapes, valid YAML 1.2), strings
/// holding value look-ups as one quoted template action (<see cref="HelmExpression.Interpolated"/>: a value supplied at
/// install cannot break the YAML), multi-line strings as literal blocks, numbers and booleans plain,
/// <see cref="HelmExpression"/>s as written. Deterministic. (Not YamlDotNet's emitter: it cannot write a template
/// action such as <c>{{ .Values.a | quote }}</c> as a plain scalar, which a Helm template needs.)
/// </summary>
internal static class YamlWriter
{
    private static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(YamlMapping root)
    {
        var text = new StringBuilder();
        WriteMapping(text, root, 0);
        return text.ToString();
    }

    private static void WriteMapping(StringBuilder text, YamlMapping mapping, int indent, bool firstInline = false)
    {
        var first = true;
        foreach (var (key, value) in mapping)
        {
            var pad = first && firstInline ? "" : new string(' ', indent);
            first = false;
            text.Append(pad).Append(Key(key)).Append(':');
            WriteValue(text, value, indent);
        }
    }

    private static void WriteValue(StringBuilder text, object value, int indent)
    {
        switch (value)
        {
            case YamlMapping { Count: 0 }:
                text.Append(" {}\n");
                break;
            case YamlMapping mapping:
                text.Append('\n');
                WriteMapping(text, mapping, indent + 2);
                break;
            case System.Collections.IList { Count: 0 }:
                text.Append(" []\n");
                break;
            case System.Collections.IList list:
                text.Append('\n');
                foreach (var item in list)
                {
                    text.Append(new string(' ', indent + 2)).Append("- ");
                    if (item is YamlMapping itemMapping && itemMapping.Count > 0)
                    {
                        WriteMapping(text, itemMapping, indent + 4, firstInline: true);
                    }
                    else
                    {
                        text.Append(Scalar(item!, indent + 4).TrimStart()).Append('\n');
                    }
                }

                break;
            case string s when s.Contains('\n'):
                text.Append(s.EndsWith('\n') ? " |\n" : " |-\n");
                foreach (var line in s.TrimEnd('\n').Split('\n'))
                {
                    text.Append(line.Length == 0 ? "" : new string(' ', indent + 2) + line).Append('\n');
                }

                break;
            default:
                text.Append(' ').Append(Scalar(value, indent)).Append('\n');
                break;
        }
    }

    private static string Scalar(object value, int indent) => value switch
    {
        HelmExpression expression => expression.Text,
        string s when HelmExpression.Interpolated(s) is { } interpolated => interpolated.Text,
        string s => JsonSerializer.Serialize(s, Json),
        bool b => b ? "true" : "false",
        int or long => Convert.ToString(value, CultureInfo.InvariantCulture)!,
        _ => throw new ArgumentException($"A YAML scalar must be a string, number, boolean or Helm expression; got {value.GetType().Name}."),
    };

    private static string Key(string key)
        => key.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/') && !char.IsAsciiDigit(key[0]) ? key : JsonSerializer.Serialize(key, Json);
}
