using Microsoft.Extensions.Configuration;

namespace TradingAspire.Hosting.Tests;

/// <summary>RotatingLogFile, the log file options and the console line timestamp, without processes.</summary>
public sealed class LogFileRotationTests : IDisposable
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 29, 12, 0, 0, 250, TimeSpan.Zero);
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("logrotate-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string LogPath(string suffix = "") => Path.Combine(_directory.FullName, "api.log" + suffix);

    // Each line "2026-11-29T12:00:00.250Z OUT line-NN\n" is 37 bytes; the run marker before a run's first line 61 to 67 (the pid's digits).
    private static string Line(int number) => $"line-{number:00}";

    private static string RunMarker => $"2026-11-29T12:00:00.250Z --- AppHost run started (pid {Environment.ProcessId}) ---";

    [Fact]
    public void Lines_carry_utc_time_and_stream_and_go_to_one_file_below_the_limit()
    {
        using (var file = new RotatingLogFile(_directory.FullName, "api", 1024, 3, Noon))
        {
            file.Append(Noon.ToOffset(TimeSpan.FromHours(2)), isError: false, "ready");
            file.Append(Noon, isError: true, "Traceback (most recent call last):\n  File \"main.py\"\r\n");
        }

        Assert.Equal(
            [RunMarker, "2026-11-29T12:00:00.250Z OUT ready", "2026-11-29T12:00:00.250Z ERR Traceback (most recent call last):", "2026-11-29T12:00:00.250Z ERR   File \"main.py\""],
            File.ReadAllLines(LogPath()));
        Assert.False(File.Exists(LogPath(".1")));
    }

    [Fact]
    public void Past_the_size_the_file_rotates_and_only_the_newest_files_are_kept()
    {
        using (var file = new RotatingLogFile(_directory.FullName, "api", 100, 3, Noon)) // two 37-byte lines per file (the first: the marker and one)
        {
            for (var number = 1; number <= 9; number++)
            {
                file.Append(Noon, isError: false, Line(number));
            }
        }

        Assert.Equal([Line(8), Line(9)], Texts(LogPath()));
        Assert.Equal([Line(6), Line(7)], Texts(LogPath(".1")));
        Assert.Equal([Line(4), Line(5)], Texts(LogPath(".2")));
        Assert.False(File.Exists(LogPath(".3")));
        Assert.All(_directory.GetFiles(), f => Assert.True(f.Length <= 100, $"{f.Name} has {f.Length} bytes"));
    }

    [Fact]
    public void One_file_kept_means_the_file_starts_over()
    {
        using (var file = new RotatingLogFile(_directory.FullName, "api", 100, 1, Noon))
        {
            for (var number = 1; number <= 5; number++)
            {
                file.Append(Noon, isError: false, Line(number));
            }
        }

        Assert.Equal([Line(4), Line(5)], Texts(LogPath()));
        Assert.Single(_directory.GetFiles());
    }

    [Fact]
    public void An_existing_file_is_appended_to_and_its_size_counts()
    {
        File.WriteAllText(LogPath(), new string('x', 80) + "\n");
        using (var file = new RotatingLogFile(_directory.FullName, "api", 100, 2, Noon))
        {
            file.Append(Noon, isError: false, Line(1));
        }

        Assert.Equal([RunMarker, $"2026-11-29T12:00:00.250Z OUT {Line(1)}"], File.ReadAllLines(LogPath()));
        Assert.Equal(new string('x', 80), Assert.Single(File.ReadAllLines(LogPath(".1"))));
    }

    [Fact]
    public void An_entry_longer_than_the_limit_is_kept_whole_in_a_file_of_its_own()
    {
        var big = new string('y', 300);
        using (var file = new RotatingLogFile(_directory.FullName, "api", 100, 3, Noon))
        {
            file.Append(Noon, isError: false, Line(1));
            file.Append(Noon, isError: false, big);
            file.Append(Noon, isError: false, Line(2));
        }

        Assert.Equal([Line(2)], Texts(LogPath()));
        Assert.Equal([big], Texts(LogPath(".1")));
        Assert.Equal([Line(1)], Texts(LogPath(".2")));
    }

    [Fact]
    public void Each_run_writes_one_marker_before_its_first_line_so_runs_appended_to_one_file_can_be_told_apart()
    {
        foreach (var (runStarted, run) in new[] { (Noon, "first"), (Noon.AddHours(1), "second") })
        {
            using var file = new RotatingLogFile(_directory.FullName, "api", 1024, 3, runStarted);
            file.Append(runStarted.AddSeconds(1), isError: false, $"{run} run");
            file.Append(runStarted.AddSeconds(2), isError: true, $"{run} run again");
        }

        Assert.Equal(
            [
                RunMarker, "2026-11-29T12:00:01.250Z OUT first run", "2026-11-29T12:00:02.250Z ERR first run again",
                $"2026-11-29T13:00:00.250Z --- AppHost run started (pid {Environment.ProcessId}) ---",
                "2026-11-29T13:00:01.250Z OUT second run", "2026-11-29T13:00:02.250Z ERR second run again",
            ],
            File.ReadAllLines(LogPath()));
    }

    [Fact]
    public void A_resource_that_prints_nothing_leaves_no_file()
    {
        using (new RotatingLogFile(_directory.FullName, "api", 100, 3, Noon))
        {
        }

        Assert.Empty(_directory.GetFiles());
    }

    [Theory]
    [InlineData("2026-11-29T11:57:50.412345678Z hello", "2026-11-29T11:57:50.4123456+00:00", "hello")]
    [InlineData("2026-11-29T13:57:50+02:00 two words", "2026-11-29T11:57:50.0000000+00:00", "two words")]
    [InlineData("no timestamp here", "2026-11-29T12:00:00.2500000+00:00", "no timestamp here")]
    [InlineData("2026-11-29 11:57:50.412 UTC [42] LOG:  ready", "2026-11-29T12:00:00.2500000+00:00", "2026-11-29 11:57:50.412 UTC [42] LOG:  ready")]
    public void A_leading_rfc3339_timestamp_is_the_line_time(string content, string expectedTime, string expectedText)
    {
        var (timestamp, text) = ResourceLogFileWriter.SplitTimestamp(content, Noon);

        Assert.Equal(DateTimeOffset.Parse(expectedTime, System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(expectedText, text);
    }

    [Fact]
    public void Configuration_wins_over_the_values_in_code()
    {
        var options = new ResourceLogFileOptions().WithConfiguration(Configuration(("MaxFiles", "7"), ("MaxFileBytes", "65536"), ("Directory", "/var/log/trading")));

        Assert.Equal(new ResourceLogFileOptions { Directory = "/var/log/trading", MaxFileBytes = 65536, MaxFiles = 7 }, options);
    }

    [Theory]
    [InlineData("MaxFiles", "0", "TradingAspire:LogFiles:MaxFiles is '0'; expected a whole number of files per resource from 1 to 1000")]
    [InlineData("MaxFiles", "five", "TradingAspire:LogFiles:MaxFiles is 'five'; expected a whole number written with digits only, for example 5")]
    [InlineData("MaxFileBytes", "100", "TradingAspire:LogFiles:MaxFileBytes is '100'; expected a whole number of bytes of at least 4096")]
    [InlineData("MaxFileBytes", "10MB", "TradingAspire:LogFiles:MaxFileBytes is '10MB'; expected a whole number written with digits only, for example 10485760")]
    [InlineData("Directory", " ", "TradingAspire:LogFiles:Directory is ' '; expected a directory path")]
    public void An_invalid_setting_names_the_key_the_value_the_form_and_an_example(string key, string value, string expected)
    {
        var error = Assert.Throws<DistributedApplicationException>(() => new ResourceLogFileOptions().WithConfiguration(Configuration((key, value))));

        Assert.Contains(expected, error.Message);
        Assert.Contains($"--TradingAspire:LogFiles:{key}=", error.Message);
    }

    [Fact]
    public void Invalid_values_in_code_are_refused_at_build_time()
    {
        var builder = DistributedApplication.CreateBuilder([]);

        var error = Assert.Throws<DistributedApplicationException>(() => builder.AddResourceLogFiles(maxFiles: 0));

        Assert.Contains("MaxFiles is '0'", error.Message);
    }

    private static IConfiguration Configuration(params (string Key, string Value)[] values)
        => new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => KeyValuePair.Create<string, string?>($"{ResourceLogFileOptions.SectionName}:{v.Key}", v.Value)))
            .Build();

    private static string[] Texts(string path) => [.. File.ReadAllLines(path).Where(line => line != RunMarker).Select(line => line["2026-11-29T12:00:00.250Z OUT ".Length..])];
}
