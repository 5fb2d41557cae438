using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TradingAspire.TestSupport;

/// <summary>
/// Access tokens for tests and benchmarks (linked into the projects that need them): a login at trading-api's
/// <c>POST /auth/token</c> as a client does, or a token signed with the AppHost's key (HS256, as trading-api signs:
/// apps/common/tradingaspire_common/tokens.py) for a caller that stands in for trading-api at the gateway.
/// </summary>
internal static class AccessTokens
{
    /// <summary>The AppHost parameter holding the signing key.</summary>
    public const string SigningKeyParameter = "auth-signing-key";

    /// <summary>The AppHost parameter holding the trader's password.</summary>
    public const string TraderPasswordParameter = "trader-password";

    /// <summary>The AppHost parameter holding the strategy's client secret.</summary>
    public const string StrategySecretParameter = "strategy-client-secret";

    /// <summary>A token signed with <paramref name="signingKey"/> by HS256 (issuer trading-api).</summary>
    /// <param name="signingKey">The key (its UTF-8 bytes), at least 32 characters.</param>
    /// <param name="audience">gateway or trading-api.</param>
    /// <param name="scopes">read and/or trade.</param>
    /// <param name="issuedAt">When it was issued (default now); a time over an hour ago makes an expired token.</param>
    /// <param name="subject">The caller's name.</param>
    public static string Issue(string signingKey, string audience, IEnumerable<string> scopes, DateTime? issuedAt = null, string subject = "trading-api")
    {
        var now = issuedAt ?? DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = "trading-api",
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            Subject = new ClaimsIdentity([new Claim("sub", subject), new Claim("scope", string.Join(' ', scopes))]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(signingKey)), SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>A gateway token with both scopes, as trading-api's own service token.</summary>
    public static AuthenticationHeaderValue ServiceHeader(string signingKey)
        => new("Bearer", Issue(signingKey, "gateway", ["read", "trade"]));

    /// <summary>The trader's token from <c>POST /auth/token</c> (grant_type=password); throws with the answer when refused.</summary>
    public static Task<string> LoginAsync(HttpClient tradingApi, string password, string username = "trader", CancellationToken cancellationToken = default)
        => TokenAsync(tradingApi, PasswordGrant(username, password), cancellationToken);

    /// <summary>A token from <c>POST /auth/token</c> for the form's grant; throws with the answer when refused.</summary>
    public static async Task<string> TokenAsync(HttpClient tradingApi, IDictionary<string, string> form, CancellationToken cancellationToken = default)
        => (await TokenAnswerAsync(tradingApi, form, cancellationToken)).GetProperty("access_token").GetString()!;

    /// <summary>
    /// A token exchanged for another (RFC 8693 at <c>POST /auth/token</c>): audience <c>gateway</c> and scope <c>read</c>
    /// for the gateway's WebSockets, as the UI gets it.
    /// </summary>
    public static Task<string> ExchangeAsync(HttpClient tradingApi, string subjectToken, string audience, string scope, CancellationToken cancellationToken = default)
        => TokenAsync(tradingApi, new Dictionary<string, string>
        {
            ["grant_type"] = "urn:ietf:params:oauth:grant-type:token-exchange", ["subject_token"] = subjectToken,
            ["audience"] = audience, ["scope"] = scope,
        }, cancellationToken);

    /// <summary>
    /// A client of trading-api at <paramref name="baseAddress"/> that logs in as the trader and stays logged in as a
    /// client does: a new login when the token is about to expire (its <c>expires_in</c>) and once more on a 401.
    /// </summary>
    public static HttpClient CreateTraderClient(Uri baseAddress, string password)
        => new(new TraderLogin(baseAddress, password) { InnerHandler = new SocketsHttpHandler() }) { BaseAddress = baseAddress };

    private static Dictionary<string, string> PasswordGrant(string username, string password)
        => new() { ["grant_type"] = "password", ["username"] = username, ["password"] = password };

    // The JSON answer of POST /auth/token (access_token, expires_in); throws with the answer when refused.
    private static async Task<JsonElement> TokenAnswerAsync(HttpClient tradingApi, IDictionary<string, string> form, CancellationToken cancellationToken)
    {
        using var response = await tradingApi.PostAsync("/auth/token", new FormUrlEncodedContent(form), cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /auth/token answered {(int)response.StatusCode}: {body}");
        }

        using var document = JsonDocument.Parse(body);
        return document.RootElement.Clone();
    }

    private sealed class TraderLogin(Uri baseAddress, string password) : DelegatingHandler
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private string? _token;
        private DateTime _renewAt;

        /// <summary>The current token (logging in first when there is none or it is old).</summary>
        public async Task<string> TokenAsync(bool fresh, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                if (fresh || _token is null || DateTime.UtcNow >= _renewAt)
                {
                    using var login = new HttpClient(new SocketsHttpHandler()) { BaseAddress = baseAddress };
                    var answer = await TokenAnswerAsync(login, PasswordGrant("trader", password), cancellationToken);
                    _token = answer.GetProperty("access_token").GetString()!;
                    _renewAt = DateTime.UtcNow.AddSeconds(answer.GetProperty("expires_in").GetInt32() * 0.8);
                }

                return _token;
            }
            finally
            {
                _gate.Release();
            }
        }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(fresh: false, cancellationToken));
            var response = await base.SendAsync(request, cancellationToken);
            if (response.StatusCode != System.Net.HttpStatusCode.Unauthorized)
            {
                return response;
            }

            response.Dispose();  // a token refused early (e.g. the signing key was rotated): log in again, send once more
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(fresh: true, cancellationToken));
            return await base.SendAsync(request, cancellationToken);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _gate.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
