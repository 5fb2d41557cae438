using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// A whole scalar that is a Helm template action, written unquoted, e.g. <c>{{ .Values.gateway.replicas }}</c>.
/// The chart keeps to value look-ups (<c>.Values.a.b</c>, optionally piped to <see cref="UriEscape"/> or
/// <see cref="ConnectionStringQuote"/>, then to <c>quote</c>) and, for a string that holds look-ups among literal text,
/// one <c>printf</c> of them piped to <c>quote</c>, so a small renderer suffices.
/// </summary>
/// <param name="Text">The template text, e.g. <c>{{ .Values.images.gateway | quote }}</c>.</param>
internal sealed partial record HelmExpression(string Text)
{
    private static readonly JsonSerializerOptions GoLiteral = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A look-up of <paramref name="path"/> (<c>images.gateway</c>), piped to <c>quote</c> when a string is expected.</summary>
    public static HelmExpression Value(string path, bool quote = false) => new(quote ? $"{{{{ .Values.{path} | quote }}}}" : $"{{{{ .Values.{path} }}}}");

    /// <summary>
    /// The pipe that percent-encodes a value for a URI's user information (Aspire's <c>:uri</c> format):
    /// <c>urlquery</c> is Go's <c>QueryEscape</c>, which writes a space as <c>+</c> (a literal <c>+</c> becomes
    /// <c>%2B</c>), so every <c>+</c> left is a space and becomes <c>%20</c>.
    /// </summary>
    public const string UriEscape = "urlquery | replace \"+\" \"%20\"";

    /// <summary>
    /// The pipe that doubles <c>'</c> in a value written between single quotes after <c>Keyword=</c> in an ADO.NET
    /// connection string (<c>Password='a;b''c'</c> reads back as <c>a;b'c</c> in Npgsql and every DbConnectionStringBuilder);
    /// <c>toString</c> first, as <c>--set</c> makes a number of a value such as <c>123456</c>.
    /// </summary>
    public const string ConnectionStringQuote = "toString | replace \"'\" \"''\"";

    /// <summary>The look-up inside a larger string: <c>{{ .Values.path }}</c>, or <c>{{ .Values.path | pipe }}</c>.</summary>
    public static string Inline(string path, string? pipe = null) => pipe is null ? $"{{{{ .Values.{path} }}}}" : $"{{{{ .Values.{path} | {pipe} }}}}";

    /// <summary>The path of <paramref name="text"/> when it is exactly one <see cref="Inline"/> look-up without a pipe, else null.</summary>
    public static string? InlinePath(string text)
        => InlineLookUp().Match(text) is { Success: true } only && only.Length == text.Length && !only.Groups[2].Success ? only.Groups[1].Value : null;

    /// <summary>
    /// A string holding <see cref="Inline"/> look-ups as one quoted scalar, so that a value set at install with any
    /// characters (a password with <c>"</c>, <c>\</c>, <c>%</c>, <c>#</c> or <c>: </c>) yields valid YAML holding
    /// exactly that value: a lone look-up becomes <c>{{ .Values.a | quote }}</c>; look-ups among literal text become
    /// <c>{{ printf "Host=postgres;Password=%v;Database=trading" .Values.secrets.postgres_password | quote }}</c>
    /// (Helm's <c>quote</c> is Go's <c>%q</c>: <c>"</c> and <c>\</c> escaped, a valid YAML double-quoted scalar;
    /// <c>%v</c> also prints a value <c>--set</c> turned into a number). Null when <paramref name="text"/> has no look-up.
    /// </summary>
    public static HelmExpression? Interpolated(string text)
    {
        var lookUps = InlineLookUp().Matches(text);
        if (lookUps.Count == 0)
        {
            return null;
        }

        if (lookUps is [{ } only] && only.Length == text.Length)
        {
            return only.Groups[2].Success
                ? new($"{{{{ .Values.{only.Groups[1].Value} | {only.Groups[2].Value} | quote }}}}")
                : Value(only.Groups[1].Value, quote: true);
        }

        var format = new StringBuilder();
        var position = 0;
        foreach (Match lookUp in lookUps)
        {
            format.Append(text[position..lookUp.Index].Replace("%", "%%", StringComparison.Ordinal)).Append("%v");
            position = lookUp.Index + lookUp.Length;
        }

        format.Append(text[position..].Replace("%", "%%", StringComparison.Ordinal));
        // A JSON string literal is a Go interpreted string literal (\" \\ \n \t \uXXXX are escapes of both).
        var arguments = string.Join(' ', lookUps.Select(l => l.Groups[2].Success ? $"(.Values.{l.Groups[1].Value} | {l.Groups[2].Value})" : $".Values.{l.Groups[1].Value}"));
        return new($"{{{{ printf {JsonSerializer.Serialize(format.ToString(), GoLiteral)} {arguments} | quote }}}}");
    }

    [GeneratedRegex(@"\{\{ \.Values\.([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*)(?: \| ((?:[^}""]|""(?:[^""\\]|\\.)*"")+?))? \}\}")]
    private static partial Regex InlineLookUp();
}
