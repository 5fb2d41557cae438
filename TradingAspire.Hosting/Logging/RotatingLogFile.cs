using System.Text;

namespace TradingAspire.Hosting.Logging;

/// <summary>
/// Appends lines to <c>{directory}/{name}.log</c>; when the file passes <c>maxBytes</c> it becomes
/// <c>{name}.log.1</c> (older ones shift up) and at most <c>fileCount</c> files are kept.
/// </summary>
internal sealed class RotatingLogFile(string directory, string name, long maxBytes, int fileCount) : IDisposable
{
    private readonly Lock _gate = new();
    private FileStream? _stream;

    // Tracked here: asking the stream for its Length costs a system call per line.
    private long _length;

    public string Path { get; } = System.IO.Path.Combine(directory, $"{name}.log");

    public void Append(LogLine line)
    {
        var bytes = Encoding.UTF8.GetBytes($"{line.Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {(line.IsError ? "ERR" : "OUT")} {line.Text}\n");
        lock (_gate)
        {
            _stream ??= Open();
            if (_length + bytes.Length > maxBytes && _length > 0)
            {
                Rotate();
            }

            // Flushed per line so `logs --follow` and `tail -f` see output as it happens.
            _stream!.Write(bytes);
            _stream.Flush();
            _length += bytes.Length;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }

    private FileStream Open()
    {
        Directory.CreateDirectory(directory);
        var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        _length = stream.Length;
        return stream;
    }

    private void Rotate()
    {
        _stream!.Dispose();
        for (var index = fileCount - 1; index >= 1; index--)
        {
            var source = index == 1 ? Path : $"{Path}.{index - 1}";
            if (File.Exists(source))
            {
                File.Move(source, $"{Path}.{index}", overwrite: true);
            }
        }

        if (fileCount <= 1)
        {
            File.Delete(Path);
        }

        _stream = Open();
    }
}
