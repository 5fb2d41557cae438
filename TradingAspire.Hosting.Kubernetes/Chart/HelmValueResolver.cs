using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>
/// Turns a value of the application model (string, parameter, connection string, endpoint, reference expression) into
/// the text a chart template carries: endpoints become the Service's DNS name and ports, parameters become value
/// look-ups (<c>{{ .Values.secrets.postgres_password }}</c> for secret ones, <c>{{ .Values.parameters.x }}</c>
/// otherwise). A text that contains a secret parameter is secret (it goes into a Secret).
/// </summary>
internal sealed partial class HelmValueResolver(HelmChartWorkloads workloads, HelmValues values)
{
    public async Task<HelmText> ResolveAsync(object? value, CancellationToken cancellationToken)
    {
        switch (value)
        {
            case null:
                return new("", false);
            case string text:
                return new(text, false);
            case int or long:
                return new(Convert.ToString(value, CultureInfo.InvariantCulture)!, false);
            case ParameterResource parameter:
                return new(HelmExpression.Inline(values.Parameter(parameter)), parameter.Secret);
            case ConnectionStringReference reference:
                return await ResolveAsync(reference.Resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false);
            case IResourceWithConnectionString resource:
                return await ResolveAsync(resource.ConnectionStringExpression, cancellationToken).ConfigureAwait(false);
            case EndpointReference endpoint:
                return new(Endpoint(endpoint, EndpointProperty.Url), false);
            case EndpointReferenceExpression expression:
                return new(Endpoint(expression.Endpoint, expression.Property), false);
            case ReferenceExpression { IsConditional: true } conditional:
            {
                var condition = await ResolveAsync(conditional.Condition, cancellationToken).ConfigureAwait(false);
                var chosen = string.Equals(condition.Text, conditional.MatchValue, StringComparison.OrdinalIgnoreCase) ? conditional.WhenTrue : conditional.WhenFalse;
                return await ResolveAsync(chosen, cancellationToken).ConfigureAwait(false);
            }

            case ReferenceExpression expression:
                return await FormatAsync(expression, cancellationToken).ConfigureAwait(false);
            default:
                throw new InvalidOperationException(
                    $"Cannot write a value of type {value.GetType().Name} into a Helm chart: expected a string, a parameter, a connection string, an endpoint or a reference expression.");
        }
    }

    /// <summary>
    /// The expression's text with each value resolved. A look-up of a value set at install is piped so that any
    /// characters survive: with Aspire's <c>:uri</c> format it is percent-encoded (<see cref="HelmExpression.UriEscape"/>);
    /// as the whole value of an ADO.NET <c>;Password=</c> (Aspire's PostgreSQL connection strings) it is written between
    /// single quotes (<see cref="HelmExpression.ConnectionStringQuote"/>), so a <c>;</c> or a quote cannot end it.
    /// </summary>
    private async Task<HelmText> FormatAsync(ReferenceExpression expression, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var secret = false;
        var position = 0;
        foreach (Match match in Placeholder().Matches(expression.Format))
        {
            var literal = Unescape(expression.Format[position..match.Index]);
            text.Append(literal);
            position = match.Index + match.Length;
            var index = int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
            var part = await ResolveAsync(expression.ValueProviders[index], cancellationToken).ConfigureAwait(false);
            var path = HelmExpression.InlinePath(part.Text);
            var rest = expression.Format[position..];
            // Aspire keeps a placeholder's format (`{password:uri}`) in StringFormats, not in Format.
            if (path is not null && expression.StringFormats[index] == "uri")
            {
                text.Append(HelmExpression.Inline(path, HelmExpression.UriEscape));
            }
            else if (path is not null && literal.EndsWith(";Password=", StringComparison.Ordinal) && (rest.Length == 0 || rest[0] == ';'))
            {
                text.Append('\'').Append(HelmExpression.Inline(path, HelmExpression.ConnectionStringQuote)).Append('\'');
            }
            else
            {
                text.Append(part.Text);
            }

            secret |= part.Secret;
        }

        text.Append(Unescape(expression.Format[position..]));
        return new(text.ToString(), secret);
    }

    private string Endpoint(EndpointReference endpoint, EndpointProperty property)
    {
        var service = workloads.ServiceNameOf(endpoint.Resource);
        var annotation = workloads.EndpointOf(endpoint.Resource, endpoint.EndpointName);
        var port = HelmChartWorkloads.ServicePort(annotation).ToString(CultureInfo.InvariantCulture);
        return property switch
        {
            EndpointProperty.Url => $"{annotation.UriScheme}://{service}:{port}",
            EndpointProperty.Host or EndpointProperty.IPV4Host => service,
            EndpointProperty.Port => port,
            EndpointProperty.TargetPort => HelmChartWorkloads.ContainerPort(endpoint.Resource, annotation).ToString(CultureInfo.InvariantCulture),
            EndpointProperty.Scheme => annotation.UriScheme,
            EndpointProperty.HostAndPort => $"{service}:{port}",
            EndpointProperty.TlsEnabled => "false",
            _ => throw new InvalidOperationException($"Endpoint property {property} of '{endpoint.Resource.Name}' cannot be written into a Helm chart."),
        };
    }

    private static string Unescape(string literal) => literal.Replace("{{", "{", StringComparison.Ordinal).Replace("}}", "}", StringComparison.Ordinal);

    [GeneratedRegex(@"(?<!\{)\{(\d+)(?::[^}]*)?\}(?!\})")]
    private static partial Regex Placeholder();
}

/// <summary>A resolved value: its template text and whether it holds a secret (then it belongs in a Secret).</summary>
internal sealed record HelmText(string Text, bool Secret);
