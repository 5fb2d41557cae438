using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TradingAspire.Gateway.Auth;

/// <summary>
/// JwtBearer's token handler (<see cref="JsonWebTokenHandler"/>) that remembers the tokens it accepted, keyed by the exact
/// token string, so a caller's next requests with the same token skip the parsing, the HMAC and the claims (trading-api
/// sends one service token for an hour; an order is otherwise one full validation). A remembered token is accepted again
/// only while, on every request:
/// <list type="bullet">
/// <item>it has not expired: its <c>exp</c> plus <see cref="TokenValidationParameters.ClockSkew"/> is after the time of
/// the <see cref="TimeProvider"/> given (the gateway's registered one: the system clock, which the full check reads too;
/// the same leeway);</item>
/// <item>the parameters are the ones it was accepted under: the same signing key (the same key object: a new key, as
/// after a restart with another <c>Auth:SigningKey</c>, misses), issuer, audience and algorithms — so a token accepted
/// for one audience is never accepted for another from memory.</item>
/// </list>
/// Anything else — a token not remembered, expired, or checked under other parameters — goes through the full
/// <see cref="JsonWebTokenHandler.ValidateTokenAsync(string, TokenValidationParameters)"/>, whose answer (and refusal
/// reason) is returned as is; only accepted tokens are remembered. Scopes are not part of this: the
/// <c>ScopeRequirement</c> checks them on every request from the claims. There is no revocation of tokens in
/// this system (a token is valid until its <c>exp</c>, as trading-api checks it, which caches its accepted tokens the
/// same way); a revocation list, if one comes, must be consulted before this memory. Each request gets its own copy of
/// the claims identity (<see cref="ClaimsIdentity.Clone"/>), so nothing a request does to its principal reaches the next.
/// At most <see cref="Capacity"/> tokens are kept: when full, the expired ones are dropped, and if none was, all.
/// </summary>
/// <param name="clock">The time a remembered token's expiry is checked against.</param>
public sealed class CachingTokenHandler(TimeProvider clock) : JsonWebTokenHandler
{
    /// <summary>Most tokens remembered at once (callers are trading-api and the UI's stream tokens: a handful).</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, AcceptedToken> _accepted = new(StringComparer.Ordinal);

    /// <summary>Tokens remembered now.</summary>
    public int Count => _accepted.Count;

    /// <inheritdoc />
    public override async Task<TokenValidationResult> ValidateTokenAsync(string token, TokenValidationParameters validationParameters)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        if (_accepted.TryGetValue(token, out var accepted))
        {
            if (accepted.AcceptsUnder(validationParameters, now))
            {
                return new TokenValidationResult
                {
                    IsValid = true,
                    ClaimsIdentity = accepted.Identity.Clone(),
                    SecurityToken = accepted.Token,
                    Issuer = accepted.Token.Issuer,
                    TokenType = accepted.Result.TokenType,
                };
            }

            _accepted.TryRemove(new KeyValuePair<string, AcceptedToken>(token, accepted));
        }

        var result = await base.ValidateTokenAsync(token, validationParameters);
        if (result is { IsValid: true, SecurityToken: JsonWebToken jwt, ClaimsIdentity: { } identity })
        {
            if (_accepted.Count >= Capacity)
            {
                Prune(now);
            }

            _accepted[token] = new AcceptedToken(jwt, identity.Clone(), result, validationParameters);
        }

        return result;
    }

    private void Prune(DateTime now)
    {
        foreach (var (token, accepted) in _accepted)
        {
            if (!accepted.NotExpired(now))
            {
                _accepted.TryRemove(token, out _);
            }
        }

        if (_accepted.Count >= Capacity)
        {
            _accepted.Clear();
        }
    }

    private sealed record AcceptedToken(JsonWebToken Token, ClaimsIdentity Identity, TokenValidationResult Result, TokenValidationParameters Parameters)
    {
        private readonly DateTime _expires = Token.ValidTo > DateTime.MaxValue - Parameters.ClockSkew ? DateTime.MaxValue : Token.ValidTo + Parameters.ClockSkew;

        public bool NotExpired(DateTime now) => now < _expires;

        public bool AcceptsUnder(TokenValidationParameters parameters, DateTime now)
            => NotExpired(now)
               && parameters.ClockSkew == Parameters.ClockSkew
               && ReferenceEquals(parameters.IssuerSigningKey, Parameters.IssuerSigningKey)
               && Same(parameters.IssuerSigningKeys, Parameters.IssuerSigningKeys)
               && string.Equals(parameters.ValidIssuer, Parameters.ValidIssuer, StringComparison.Ordinal)
               && string.Equals(parameters.ValidAudience, Parameters.ValidAudience, StringComparison.Ordinal)
               && Same(parameters.ValidAudiences, Parameters.ValidAudiences)
               && Same(parameters.ValidIssuers, Parameters.ValidIssuers)
               && Same(parameters.ValidAlgorithms, Parameters.ValidAlgorithms)
               && parameters.ValidateLifetime == Parameters.ValidateLifetime;

        // The same collection, or the same items in the same order (the parameters are copied for each request).
        private static bool Same<T>(IEnumerable<T>? a, IEnumerable<T>? b) where T : class
            => ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b));
    }
}
