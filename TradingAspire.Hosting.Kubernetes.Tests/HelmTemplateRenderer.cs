using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using YamlDotNet.Serialization;

namespace TradingAspire.Hosting.Kubernetes.Tests;

/// <summary>
/// Renders the chart's templates as Helm would for the subset they use: value look-ups <c>{{ .Values.a.b }}</c>,
/// optionally piped to <c>quote</c> (Go's %q; JSON quoting here, the same text for printable characters), and
/// <c>{{ printf "literal %v literal" .Values.a ... | quote }}</c> (a Go string literal whose only verbs are <c>%v</c>
/// and <c>%%</c>); a look-up may be piped through <c>urlquery</c> (Go's QueryEscape), <c>toString</c> and <c>replace "old" "new"</c>
/// (Sprig's), inside parentheses when it is a printf argument. Any other template action, or a look-up of a path
/// values.yaml lacks, is an error — so the chart cannot silently depend on more than this.
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
            var arguments = match.Groups[2].Captures.Select(c => Piped(c.Value, file)).ToList();
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
            var value = Piped(match.Groups[1].Value, file);
            return match.Groups[2].Success ? JsonSerializer.Serialize(value, Quote) : value;
        });
    }

    /// <summary><c>.Values.a.b</c> or <c>(.Values.a.b | urlquery | replace "x" "y")</c> (the parentheses optional) evaluated.</summary>
    private string Piped(string expression, string file)
    {
        var stages = PipeStage().Matches(expression.Trim('(', ')'));
        var value = Value(stages[0].Groups[1].Value, file);
        foreach (Match stage in stages.Skip(1))
        {
            value = stage.Groups[2].Success ? Uri.EscapeDataString(value).Replace("%20", "+", StringComparison.Ordinal)
                : stage.Groups[3].Success ? value // the renderer's values are strings already
                : value.Replace(JsonSerializer.Deserialize<string>(stage.Groups[4].Value)!, JsonSerializer.Deserialize<string>(stage.Groups[5].Value), StringComparison.Ordinal);
        }

        return value;
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

    private const string Path = @"\.Values\.[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*";
    private const string GoString = @"""(?:[^""\\]|\\.)*""";
    private const string Pipe = @"(?: \| (?:urlquery|toString|replace " + GoString + " " + GoString + "))*";

    [GeneratedRegex(@"\{\{ printf (" + GoString + @")(?: (" + Path + @"|\(" + Path + Pipe + @"\)))+ \| quote \}\}")]
    private static partial Regex Printf();

    [GeneratedRegex(@"\{\{(?:""(?:[^""\\]|\\.)*""|.)*?\}\}")]
    private static partial Regex AnyAction();

    [GeneratedRegex(@"\{\{\s*(" + Path + Pipe + @")\s*(\|\s*quote\s*)?\}\}")]
    private static partial Regex LookUp();

    [GeneratedRegex(@"(?:^\.Values\.([A-Za-z0-9_.]+)| \| (?:(urlquery)|(toString)|replace (" + GoString + ") (" + GoString + ")))")]
    private static partial Regex PipeStage();
}
