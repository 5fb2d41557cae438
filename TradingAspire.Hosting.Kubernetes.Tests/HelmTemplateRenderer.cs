using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// Renders the chart's templates as Helm would for the subset they use: value look-ups <c>{{ .Values.a.b }}</c>,
/// optionally piped to <c>quote</c> (Go's strconv.Quote; JSON quoting for these strings). Any other template action,
/// or a look-up of a path values.yaml lacks, is an error — so the chart cannot silently depend on more than this.
/// </summary>
public sealed partial class HelmTemplateRenderer(string valuesYaml)
{
    private static readonly JsonSerializerOptions Quote = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object? _values = new DeserializerBuilder().Build().Deserialize<object>(valuesYaml);

    public string Render(string template, string file)
    {
        foreach (Match action in AnyAction().Matches(template))
        {
            if (!LookUp().IsMatch(action.Value))
            {
                throw new InvalidOperationException($"{file}: '{action.Value}' is more than a value look-up; the chart keeps to {{{{ .Values.path }}}} (and | quote).");
            }
        }

        return LookUp().Replace(template, match =>
        {
            var value = Value(match.Groups[1].Value, file);
            return match.Groups[2].Success ? JsonSerializer.Serialize(value, Quote) : value;
        });
    }

    private string Value(string path, string file)
    {
        object? current = _values;
        foreach (var part in path.Split('.'))
        {
            current = current is Dictionary<object, object> map && map.TryGetValue(part, out var child)
                ? child
                : throw new InvalidOperationException($"{file}: .Values.{path} is not in values.yaml.");
        }

        return current switch
        {
            null => "",
            string text => text,
            Dictionary<object, object> or List<object> => throw new InvalidOperationException($"{file}: .Values.{path} is not a scalar."),
            _ => Convert.ToString(current, System.Globalization.CultureInfo.InvariantCulture)!,
        };
    }

    [GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial Regex AnyAction();

    [GeneratedRegex(@"\{\{\s*\.Values\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(\|\s*quote\s*)?\}\}")]
    private static partial Regex LookUp();
}
