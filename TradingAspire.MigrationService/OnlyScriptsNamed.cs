using DbUp.Engine;
using DbUp.Support;

namespace TradingAspire.MigrationService;

/// <summary>A DbUp script filter that keeps the not-yet-journaled scripts whose name is in a given set.</summary>
internal sealed class OnlyScriptsNamed(IReadOnlySet<string> names) : IScriptFilter
{
    public IEnumerable<SqlScript> Filter(IEnumerable<SqlScript> sorted, HashSet<string> executedScriptNames, ScriptNameComparer comparer) =>
        sorted.Where(s => names.Contains(s.Name) && !executedScriptNames.Contains(s.Name, comparer));
}
