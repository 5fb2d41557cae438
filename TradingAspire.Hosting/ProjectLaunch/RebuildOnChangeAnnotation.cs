namespace TradingAspire.Hosting;

/// <summary>Marks a project resource to be rebuilt and restarted when its sources change (see <c>WithRebuildOnChange</c>).</summary>
/// <param name="QuietPeriod">How long after the last change the rebuild starts (an editor's save is several file events).</param>
internal sealed record RebuildOnChangeAnnotation(TimeSpan QuietPeriod) : IResourceAnnotation;
