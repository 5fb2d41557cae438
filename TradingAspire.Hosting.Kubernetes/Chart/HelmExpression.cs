namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// A whole scalar that is a Helm template action, written unquoted, e.g. <c>{{ .Values.gateway.replicas }}</c>.
/// The chart keeps to value look-ups (<c>.Values.a.b</c>, optionally piped to <c>quote</c>) so a small renderer suffices.
/// </summary>
/// <param name="Text">The template text, e.g. <c>{{ .Values.images.gateway | quote }}</c>.</param>
internal sealed record HelmExpression(string Text)
{
    /// <summary>A look-up of <paramref name="path"/> (<c>images.gateway</c>), piped to <c>quote</c> when a string is expected.</summary>
    public static HelmExpression Value(string path, bool quote = false) => new(quote ? $"{{{{ .Values.{path} | quote }}}}" : $"{{{{ .Values.{path} }}}}");

    /// <summary>The look-up inside a larger string: <c>{{ .Values.path }}</c>.</summary>
    public static string Inline(string path) => $"{{{{ .Values.{path} }}}}";
}
