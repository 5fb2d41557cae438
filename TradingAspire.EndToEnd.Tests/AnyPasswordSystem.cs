namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The whole system started with PostgreSQL's and Redis's passwords set, as a user sets them (AppHost parameters
/// <c>postgres-password</c> and <c>redis-password</c>), to every ASCII punctuation character and spaces.
/// </summary>
public sealed class AnyPasswordSystem : TradingSystem
{
    protected override IEnumerable<string> Arguments =>
    [
        $"--Parameters:postgres-password={AnyPasswords.AllPunctuationAndSpace}",
        $"--Parameters:redis-password={AnyPasswords.AllPunctuationAndSpace}",
    ];
}
