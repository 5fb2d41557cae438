namespace TradingAspire.Hosting.ApplicationModel;

/// <summary>Validation of port numbers with the expected form in the message.</summary>
public static class PortRules
{
    /// <summary>Throws when the port is outside 1–65535.</summary>
    public static void ThrowIfOutOfRange(int? port, string what)
    {
        if (port is { } value && (value < 1 || value > 65535))
        {
            throw new ArgumentOutOfRangeException(
                nameof(port), value, $"Invalid {what}: {value}. Expected: a port number from 1 to 65535 (example: 8000).");
        }
    }
}
