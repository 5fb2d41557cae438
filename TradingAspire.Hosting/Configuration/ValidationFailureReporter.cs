namespace TradingAspire.Hosting;

/// <summary>
/// Turns a validation failure escaping the AppHost's Main into a clean message and exit code 1 instead of a
/// stack trace: invalid configuration must stop startup with a readable error.
/// </summary>
internal static class ValidationFailureReporter
{
    private static int _installed;

    public static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            if (e.ExceptionObject is DistributedApplicationValidationException validation)
            {
                Console.Error.WriteLine(validation.Message);
                Console.Error.Flush();
                Environment.Exit(1);
            }
        };
    }
}
