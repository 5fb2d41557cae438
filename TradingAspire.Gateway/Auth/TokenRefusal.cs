using Microsoft.IdentityModel.Tokens;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// Why a bearer token was not accepted, in the words trading-api uses (tradingaspire_common/tokens.py): a
/// <see cref="Reason"/> for logs and a <see cref="Description"/> for the client, never how a signature check failed.
/// </summary>
/// <param name="Reason">missing, malformed, expired, invalid_signature, wrong_audience or wrong_issuer.</param>
/// <param name="Description">One clause, e.g. "the token has expired"; null for a missing token.</param>
public sealed record TokenRefusal(string Reason, string? Description)
{
    /// <summary>No token was sent.</summary>
    public static readonly TokenRefusal Missing = new("missing", null);

    /// <summary>The refusal for JwtBearer's authentication failure (null: no token).</summary>
    public static TokenRefusal From(Exception? failure) => failure switch
    {
        null => Missing,
        SecurityTokenExpiredException => new("expired", "the token has expired"),
        SecurityTokenInvalidAudienceException => new("wrong_audience", "the token is not meant for this service (audience)"),
        SecurityTokenInvalidIssuerException => new("wrong_issuer", "the token was not issued by trading-api (issuer)"),
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException
            => new("invalid_signature", "the token's signature is not valid"),
        _ => new("malformed", "the token is malformed (expected a JWT: three base64url parts separated by dots, with the claims iss, sub, aud, scope, iat, exp)"),
    };
}
