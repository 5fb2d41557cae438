namespace TradingAspire.TestSupport;

/// <summary>
/// The passwords of the any-password tests (issue 22 item 5), the same list as the Python tests'
/// (apps/common/tradingaspire_common/testing/passwords.py): each ASCII punctuation character and the space alone inside
/// a password, a space at a password's start and at its end, and one password holding all of them.
/// </summary>
internal static class AnyPasswords
{
    /// <summary>The 32 ASCII punctuation characters (Python's <c>string.punctuation</c>).</summary>
    public const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>Every ASCII punctuation character and spaces: <c>a !"#$%&amp;'()*+,-./:;&lt;=&gt;?@[\]^_`{|}~ z</c>.</summary>
    public const string AllPunctuationAndSpace = "a " + Punctuation + " z";

    /// <summary><c>pw{c}rd</c> for the space and each punctuation character, then <c>" leading"</c>, <c>"trailing "</c> and <see cref="AllPunctuationAndSpace"/>.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. (" " + Punctuation).Select(c => $"pw{c}rd"), " leading", "trailing ", AllPunctuationAndSpace];

    /// <summary><see cref="All"/> as xunit theory data.</summary>
    public static TheoryData<string> Theory => [.. All];
}
