using System.Data.Common;
using System.Text;

namespace TradingAspire.Hosting;

/// <summary>
/// A connection string value quoted as <see cref="DbConnectionStringBuilder"/> (and so Npgsql) writes it, so a password
/// with <c>;</c>, quotes or outer spaces reads back exactly. A manifest gets the inner expression unchanged.
/// </summary>
internal sealed class ConnectionStringKeywordValue(ReferenceExpression inner) : IValueProvider, IManifestExpressionProvider, IValueWithReferences
{
    public string ValueExpression => inner.ValueExpression;

    public IEnumerable<object> References => [inner];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
        => Quote(await inner.GetValueAsync(cancellationToken).ConfigureAwait(false));

    public async ValueTask<string?> GetValueAsync(ValueProviderContext context, CancellationToken cancellationToken = default)
        => Quote(await inner.GetValueAsync(context, cancellationToken).ConfigureAwait(false));

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
