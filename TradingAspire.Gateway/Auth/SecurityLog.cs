namespace TradingAspire.Gateway.Auth;

/// <summary>The gateway's security events (category <c>security</c>), as structured log records.</summary>
internal static partial class SecurityLog
{
    [LoggerMessage(EventId = 401, EventName = "token_refused", Level = LogLevel.Warning,
        Message = "request refused: {Reason} token on {Route} from {ClientAddress}")]
    public static partial void TokenRefused(ILogger logger, string reason, string route, string clientAddress);

    [LoggerMessage(EventId = 403, EventName = "scope_refused", Level = LogLevel.Warning,
        Message = "request refused: scope '{Scope}' missing for {Subject} on {Route} from {ClientAddress} (granted: {Granted})")]
    public static partial void ScopeRefused(ILogger logger, string scope, string subject, string granted, string route, string clientAddress);
}
