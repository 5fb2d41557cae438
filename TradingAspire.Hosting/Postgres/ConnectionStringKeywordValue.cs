using System.Data.Common;
using System.Text;

namespace TradingAspire.Hosting;

/// <summary>
/// A value written after <c>Keyword=</c> in an ADO.NET connection string, quoted as <see cref="DbConnectionStringBuilder"/>
/// (and so <c>NpgsqlConnectionStringBuilder</c>) writes it: a value with <c>;</c>, a quote, or leading or trailing
/// spaces is enclosed in <c>"</c> (or <c>'</c> when it holds a <c>"</c> and no <c>'</c>; doubled quotes otherwise), any
/// other value as it is. So a password with any printable characters reads back exactly. In a manifest (publish mode)
/// the inner expression is written unchanged.
/// </summary>
/// <param name="inner">The unquoted value, e.g. <c>ReferenceExpression.Create($"{passwordParameter}")</c>.</param>
internal sealed class ConnectionStringKeywordValue(ReferenceExpression inner) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    public string ValueExpression => inner.ValueExpression;

    public IEnumerable<object> References => [inner];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
        => Quote(await inner.GetValueAsync(cancellationToken).ConfigureAwait(false));

    public async ValueTask<string?> GetValueAsync(ValueProviderContext context, CancellationToken cancellationToken = default)
        => Quote(await inner.GetValueAsync(context, cancellationToken).ConfigureAwait(false));

    /// <summary><paramref name="value"/> as <see cref="DbConnectionStringBuilder"/> writes it after <c>Keyword=</c>; null stays null.</summary>
    public static string? Quote(string? value)
    {
        if (value is null)
        {
            return null;
        }

        const string Keyword = "k";
        var text = new StringBuilder();
        DbConnectionStringBuilder.AppendKeyValuePair(text, Keyword, value);
        return text.ToString(Keyword.Length + 1, text.Length - Keyword.Length - 1);
    }
}
