namespace TradingAspire.Hosting;

/// <summary>Directories (absolute) added to the resource's <c>PYTHONPATH</c> by <c>WithPythonPath</c>, in order.</summary>
internal sealed class PythonPathAnnotation : IResourceAnnotation
{
    public List<string> Directories { get; } = [];
}
