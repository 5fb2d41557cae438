using System.Globalization;
using System.Text;

namespace TradingAspire.Hosting;

/// <summary>
/// Appends lines <c>{UTC yyyy-MM-ddTHH:mm:ss.fffZ} OUT|ERR {text}</c> to <c>{directory}/{name}.log</c>, rotated as
/// <c>AddResourceLogFiles</c> says; an entry longer than the limit is written whole into a file of its own. The file is
/// opened on the first line, so a resource that prints nothing leaves no file; that line follows one run marker
/// <c>{<paramref name="runStarted"/>} --- AppHost run started (pid {pid}) ---</c>, so runs appended to one file can be told apart.
/// </summary>
internal sealed class RotatingLogFile(string directory, string name, long maxFileBytes, int maxFiles, DateTimeOffset runStarted) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly byte[] _runMarker = Encoding.UTF8.GetBytes($"{Timestamp(runStarted)} --- AppHost run started (pid {Environment.ProcessId}) ---\n");
    private FileStream? _stream;
    private long _length; // tracked: asking the stream for its length would cost a system call per line

    public string Path { get; } = System.IO.Path.Combine(directory, $"{name}.log");

    /// <summary>Appends <paramref name="text"/>; each of its lines (a stack trace) gets the prefix.</summary>
    public void Append(DateTimeOffset timestamp, bool isError, string text)
    {
        var prefix = $"{Timestamp(timestamp)} {(isError ? "ERR" : "OUT")} ";
        var bytes = Encoding.UTF8.GetBytes(string.Concat(text.TrimEnd('\r', '\n').Split('\n').Select(line => $"{prefix}{line.TrimEnd('\r')}\n")));
        lock (_gate)
        {
            if (_stream is null) // this run's first line
            {
                _stream = Open();
                bytes = [.. _runMarker, .. bytes];
            }

            if (_length > 0 && _length + bytes.Length > maxFileBytes)
            {
                Rotate();
            }

            _stream.Write(bytes);
            _stream.Flush(); // readable at once by tail -f, and after a crash of the AppHost
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

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

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
        string Numbered(int index) => index == 0 ? Path : $"{Path}.{index}"; // the current file is index 0
        File.Delete(Numbered(maxFiles - 1));
        for (var index = maxFiles - 2; index >= 0; index--)
        {
            if (File.Exists(Numbered(index)))
            {
                File.Move(Numbered(index), Numbered(index + 1), overwrite: true);
            }
        }

        _stream = Open();
    }
}
