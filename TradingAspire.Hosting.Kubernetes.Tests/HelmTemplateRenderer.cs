using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// Renders the chart's templates as Helm would for the subset they use: value look-ups <c>{{ .Values.a.b }}</c>,
/// optionally piped to <c>quote</c> (Go's %q; JSON quoting here, the same text for printable characters), and
/// <c>{{ printf "literal %v literal" .Values.a ... | quote }}</c> (a Go string literal whose only verbs are <c>%v</c>
/// and <c>%%</c>). Any other template action, or a look-up of a path values.yaml lacks, is an error — so the chart
/// cannot silently depend on more than this.
/// </summary>
public sealed partial class HelmTemplateRenderer(string valuesYaml)
{
    private static readonly JsonSerializerOptions Quote = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly object? _values = new DeserializerBuilder().Build().Deserialize<object>(valuesYaml);

    public string Render(string template, string file)
    {
        foreach (Match action in AnyAction().Matches(template))
        {
            if (!LookUp().IsMatch(action.Value) && !Printf().IsMatch(action.Value))
            {
                throw new InvalidOperationException($"{file}: '{action.Value}' is more than a value look-up; the chart keeps to {{{{ .Values.path }}}} (and | quote) and {{{{ printf \"..%v..\" .Values.path | quote }}}}.");
            }
        }

        template = Printf().Replace(template, match =>
        {
            var format = JsonSerializer.Deserialize<string>(match.Groups[1].Value)!;
            var arguments = match.Groups[2].Captures.Select(c => Value(c.Value, file)).ToList();
            var text = new System.Text.StringBuilder();
            var next = 0;
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] != '%')
                {
                    text.Append(format[i]);
                    continue;
                }

                var verb = i + 1 < format.Length ? format[++i] : ' ';
                text.Append(verb switch
                {
                    '%' => "%",
                    'v' => next < arguments.Count ? arguments[next++] : throw new InvalidOperationException($"{file}: printf has fewer arguments than %v in '{match.Value}'."),
                    _ => throw new InvalidOperationException($"{file}: printf verb %{verb} in '{match.Value}'; the chart uses only %v and %%."),
                });
            }

            return next == arguments.Count ? JsonSerializer.Serialize(text.ToString(), Quote) : throw new InvalidOperationException($"{file}: printf has more arguments than %v in '{match.Value}'.");
        });

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

    [GeneratedRegex(@"\{\{ printf (""(?:[^""\\]|\\.)*"")(?: \.Values\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))+ \| quote \}\}")]
    private static partial Regex Printf();

    [GeneratedRegex(@"\{\{(?:""(?:[^""\\]|\\.)*""|.)*?\}\}")]
    private static partial Regex AnyAction();

    [GeneratedRegex(@"\{\{\s*\.Values\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)\s*(\|\s*quote\s*)?\}\}")]
    private static partial Regex LookUp();
}
