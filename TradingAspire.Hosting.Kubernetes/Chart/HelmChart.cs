using System.Text;

namespace Aspire.Hosting.Kubernetes.Chart;

/// <summary>A generated chart: relative path (<c>templates/gateway/deployment.yaml</c>) → file text.</summary>
internal sealed class HelmChart
{
    public SortedDictionary<string, string> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Writes every file under <paramref name="directory"/>, replacing a previous chart's files of the same names.</summary>
    public async Task WriteAsync(string directory, CancellationToken cancellationToken)
    {
        foreach (var (path, text) in Files)
        {
            var file = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, text, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        }
    }
}
