using System.Globalization;
using System.Text;

namespace TradingAspire.Gateway.Orders;

/// <summary>
/// The values a PostgreSQL <c>numeric(precision, scale)</c> column holds exactly: at most <see cref="Scale"/> decimal
/// places and at most <see cref="IntegerDigits"/> digits before the decimal point. <see cref="Check"/> reads a JSON
/// number's text as written (not through <see cref="double"/> or <see cref="decimal"/>, which would round or
/// overflow), so a value the column cannot hold is refused instead of being rounded by the database.
/// </summary>
/// <param name="Precision">Total significant digits of the column (28 for <c>numeric(28, 10)</c>).</param>
/// <param name="Scale">Decimal places of the column (10 for <c>numeric(28, 10)</c>).</param>
public sealed record NumericDomain(int Precision, int Scale)
{
    // An exponent beyond this is out of range whatever the digits (a 28-digit column needs no more).
    private const int MaxExponent = 10_000;

    /// <summary>Digits allowed before the decimal point.</summary>
    public int IntegerDigits => Precision - Scale;

    /// <summary>The smallest positive value, e.g. <c>0.0000000001</c> for scale 10.</summary>
    public string SmallestStep => Scale == 0 ? "1" : "0." + new string('0', Scale - 1) + "1";

    /// <summary>The largest value, e.g. <c>999999999999999999.9999999999</c> for <c>numeric(28, 10)</c>.</summary>
    public string Largest => new string('9', IntegerDigits) + (Scale == 0 ? "" : "." + new string('9', Scale));

    /// <summary>
    /// The exact value of a JSON number's text (e.g. <c>0.5</c>, <c>-0</c>, <c>1e-12</c>, <c>1E+30</c>), or why the
    /// column cannot hold it. The reason names the limit; the caller adds the field and an example.
    /// </summary>
    /// <param name="jsonNumber">The number as written in the JSON text (<see cref="System.Text.Json.JsonElement.GetRawText"/>).</param>
    public NumericCheck Check(string jsonNumber)
    {
        if (!TrySplit(jsonNumber, out var negative, out var digits, out var pointPosition))
        {
            return NumericCheck.Invalid($"is not a number ({Shorten(jsonNumber)})");
        }

        if (digits.Length == 0)
        {
            return NumericCheck.Valid(0m);
        }

        var integerDigits = Math.Max(pointPosition, 0);
        var decimalPlaces = Math.Max(digits.Length - pointPosition, 0);
        if (integerDigits > IntegerDigits)
        {
            return NumericCheck.Invalid(
                $"is too large ({Shorten(jsonNumber)}): at most {IntegerDigits} digits before the decimal point are stored (largest {(negative ? "-" : "")}{Largest})");
        }

        if (decimalPlaces > Scale)
        {
            return NumericCheck.Invalid(
                $"has {(decimalPlaces > MaxExponent ? $"more than {MaxExponent}" : decimalPlaces)} decimal places ({Shorten(jsonNumber)}): at most {Scale} are stored (smallest step {SmallestStep}); it is not rounded for you");
        }

        var text = new StringBuilder(digits.Length + 3);
        if (negative)
        {
            text.Append('-');
        }

        if (pointPosition <= 0)
        {
            text.Append('0');
        }
        else if (pointPosition >= digits.Length)
        {
            text.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            text.Append(digits, 0, pointPosition);
        }

        if (decimalPlaces > 0)
        {
            text.Append('.').Append('0', Math.Max(-pointPosition, 0)).Append(digits[Math.Max(pointPosition, 0)..]);
        }

        // At most Precision (≤ 28) significant digits: decimal holds them exactly.
        return NumericCheck.Valid(decimal.Parse(text.ToString(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Splits a JSON number into its sign, its significant digits (no leading or trailing zeros; empty for zero) and
    /// where the decimal point falls: after <paramref name="pointPosition"/> of those digits (negative: that many
    /// zeros between the point and the digits; beyond the digits: zeros before the point). False when the text is
    /// not a number.
    /// </summary>
    private static bool TrySplit(string number, out bool negative, out string digits, out int pointPosition)
    {
        digits = "";
        pointPosition = 0;
        var span = number.AsSpan().Trim();
        negative = span.StartsWith("-");
        if (negative)
        {
            span = span[1..];
        }

        var exponentAt = span.IndexOfAny('e', 'E');
        var exponent = 0L;
        if (exponentAt >= 0)
        {
            var exponentText = span[(exponentAt + 1)..];
            if (!long.TryParse(exponentText, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
            {
                // More digits than a long: far beyond any column, in one direction or the other.
                var trimmed = exponentText.TrimStart('+');
                if (trimmed.Length == 0 || !trimmed.TrimStart('-').ToString().All(char.IsAsciiDigit))
                {
                    return false;
                }

                exponent = trimmed.StartsWith("-") ? -MaxExponent * 2L : MaxExponent * 2L;
            }

            span = span[..exponentAt];
        }

        var point = span.IndexOf('.');
        var integerPart = point >= 0 ? span[..point] : span;
        var fractionPart = point >= 0 ? span[(point + 1)..] : [];
        if (integerPart.Length == 0 || !AllDigits(integerPart) || !AllDigits(fractionPart) || (point >= 0 && fractionPart.Length == 0))
        {
            return false;
        }

        var all = string.Concat(integerPart, fractionPart);
        var position = (long)integerPart.Length;
        var leading = all.Length - all.TrimStart('0').Length;
        all = all.TrimStart('0');
        position -= leading;
        all = all.TrimEnd('0');
        if (all.Length == 0)
        {
            return true; // zero, whatever the exponent
        }

        position += Math.Clamp(exponent, -MaxExponent * 2L, MaxExponent * 2L);
        digits = all;
        pointPosition = (int)Math.Clamp(position, -MaxExponent * 4L, MaxExponent * 4L);
        return true;
    }

    private static bool AllDigits(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
