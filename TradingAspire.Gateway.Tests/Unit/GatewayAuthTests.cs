using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using TradingAspire.Gateway.Auth;

namespace TradingAspire.Gateway.Tests.Unit;

/// <summary>
/// Every /api and /ws route of the real gateway (in memory, real PostgreSQL and Redis) refuses a missing, malformed,
/// expired, forged (another key, <c>alg: none</c>) or wrong-audience token with 401 and the RFC 6750 challenge, a
/// token lacking the scope with 403; /health, /alive and /metrics stay open; refusals are <c>security</c> log records.
/// </summary>
[Collection(StorageCollection.Name)]
public sealed class GatewayAuthTests(GatewayFixture gateway) : IClassFixture<GatewayFixture>
{
    private const string Realm = "Bearer realm=\"gateway\"";
    private const string OtherKey = "another-signing-key-0123456789abcdef0123";

    /// <summary>Every protected route: method, path, the scope it needs.</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { "POST", "/api/orders", "trade" },
        { "GET", $"/api/orders/{Guid.Empty}", "read" },
        { "GET", "/api/positions", "read" },
        { "GET", "/api/market", "read" },
        { "GET", "/api/market/BTCUSDT", "read" },
        { "GET", "/api/instruments", "read" },
        { "GET", "/ws/market", "read" },
        { "GET", "/ws/executions", "read" },
    };

    public static TheoryData<string, string, string, string> RoutesAndBadTokens
    {
        get
        {
            var cases = new (string Case, string? Token, string Challenge)[]
            {
                ("missing", null, Realm),
                ("malformed", "not-a-jwt", Invalid("the token is malformed (expected a JWT: three base64url parts separated by dots, with the claims iss, sub, aud, scope, iat, exp)")),
                ("expired", AccessTokens.Issue(GatewayFixture.SigningKey, "gateway", ["read", "trade"], DateTime.UtcNow.AddHours(-2)), Invalid("the token has expired")),
                ("another key", AccessTokens.Issue(OtherKey, "gateway", ["read", "trade"]), Invalid("the token's signature is not valid")),
                ("alg none", Unsigned(), Invalid("the token's signature is not valid")),
                ("audience trading-api", AccessTokens.Issue(GatewayFixture.SigningKey, "trading-api", ["read", "trade"]), Invalid("the token is not meant for this service (audience)")),
            };
            var data = new TheoryData<string, string, string, string>();
            foreach (var (method, path, _) in Routes.Select(r => ((string)r[0], (string)r[1], (string)r[2])))
            {
                foreach (var (name, token, challenge) in cases)
                {
                    data.Add(method, path, name, $"{token}\n{challenge}");
                }
            }

            return data;
        }
    }

    [Theory]
    [InlineData("Auth:Audience", "Auth:Audience is empty: expected the audience trading-api issues the gateway's tokens for; example: Auth__Audience=gateway (the default: remove the empty setting).")]
    [InlineData("Auth:Issuer", "Auth:Issuer is empty: expected the issuer trading-api's tokens name; example: Auth__Issuer=trading-api (the default: remove the empty setting).")]
    public void An_empty_audience_or_issuer_stops_the_start_naming_the_setting_the_expected_value_and_an_example(string key, string message)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Auth:SigningKey"] = GatewayFixture.SigningKey, [key] = "" });

        var refused = Assert.Throws<OptionsValidationException>(() => builder.AddGatewayAuthentication());

        Assert.Equal(message, Assert.Single(refused.Failures));
    }

    [Fact]
    public void Every_API_and_WebSocket_route_requires_the_scope_policy_and_health_alive_and_metrics_do_not()
    {
        var endpoints = gateway.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var protectedRoutes = endpoints.Where(e => e.RoutePattern.RawText!.TrimStart('/').StartsWith("api", StringComparison.Ordinal) || e.RoutePattern.RawText!.TrimStart('/').StartsWith("ws", StringComparison.Ordinal)).ToList();

        Assert.Equal(Routes.Count, protectedRoutes.Count);
        Assert.All(protectedRoutes, e => Assert.Contains(e.Metadata.GetOrderedMetadata<IAuthorizeData>(), a => a.Policy == GatewayScopes.PolicyName));
        Assert.All(endpoints.Where(e => e.RoutePattern.RawText is "/health" or "/alive" or "/metrics"), e => Assert.Empty(e.Metadata.GetOrderedMetadata<IAuthorizeData>()));
    }

    [Theory]
    [MemberData(nameof(RoutesAndBadTokens))]
    public async Task Every_protected_route_refuses_a_bad_token_with_401_and_says_which(string method, string path, string @case, string tokenAndChallenge)
    {
        var (token, challenge) = (tokenAndChallenge.Split('\n')[0], tokenAndChallenge.Split('\n')[1]);
        using var client = gateway.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
        if (token.Length > 0)
        {
            request.Headers.Authorization = new("Bearer", token);
        }

        using var response = await client.SendAsync(request);

        Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{@case}: {response.StatusCode}");
        Assert.Equal(challenge, string.Join(", ", response.Headers.WwwAuthenticate.Select(h => h.ToString())));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(token.Length == 0 ? "token_missing" : "invalid_token", body.RootElement.GetProperty("error").GetString());
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Category == "security" && r.Level == LogLevel.Warning && r.Message.StartsWith("request refused: ", StringComparison.Ordinal) && r.Message.Contains($" token on {method} {path} from ", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_protected_route_refuses_a_token_lacking_its_scope_with_403(string method, string path, string scope)
    {
        var other = scope == "read" ? "trade" : "read";
        using var client = gateway.CreateAnonymousClient();
        using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
        request.Headers.Authorization = new("Bearer", AccessTokens.Issue(GatewayFixture.SigningKey, "gateway", [other], subject: "scope-test"));

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"{Realm}, error=\"insufficient_scope\", scope=\"{scope}\"", response.Headers.WwwAuthenticate.Single().ToString());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal($"The access token lacks the scope '{scope}' that {method} {path} needs (it has: {other}).", body.RootElement.GetProperty("message").GetString());
        Assert.Contains(gateway.Logs.GetSnapshot(), r => r.Category == "security" && r.Message.StartsWith($"request refused: scope '{scope}' missing for scope-test on {method} {path}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_says_which_refusal_and_never_how_the_signature_failed()
    {
        using var client = gateway.CreateAnonymousClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/positions");
        request.Headers.Authorization = new("Bearer", AccessTokens.Issue(OtherKey, "gateway", ["read"]));

        using var response = await client.SendAsync(request);

        Assert.Equal("{\"error\":\"invalid_token\",\"message\":\"The access token is refused: the token's signature is not valid.\",\"errors\":[]}",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_read_token_gets_the_configured_instruments()
    {
        using var response = await gateway.Client.GetAsync("/api/instruments"); // the fixture's client holds a read and trade token

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(
            """{"instruments":[{"symbol":"BTCUSDT","price_precision":2,"quantity_precision":4},{"symbol":"ETHUSDT","price_precision":2,"quantity_precision":3},{"symbol":"SOLUSDT","price_precision":3,"quantity_precision":2}]}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_token_accepted_once_is_remembered_its_scope_still_checked_on_every_request_and_a_refused_one_is_not_remembered()
    {
        var handler = gateway.Services.GetRequiredService<IOptionsMonitor<JwtBearerOptions>>().Get(JwtBearerDefaults.AuthenticationScheme).TokenHandlers.OfType<CachingTokenHandler>().Single();
        var read = AccessTokens.Issue(GatewayFixture.SigningKey, "gateway", ["read"], subject: $"reader-{Guid.NewGuid():N}");
        var forged = AccessTokens.Issue(OtherKey, "gateway", ["read", "trade"]);
        using var client = gateway.CreateAnonymousClient();
        var before = handler.Count;

        var answers = new List<HttpStatusCode>();
        foreach (var (method, path, token) in new[] { ("GET", "/api/instruments", read), ("GET", "/api/instruments", read), ("POST", "/api/orders", read), ("GET", "/api/instruments", forged), ("GET", "/api/instruments", forged) })
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
            request.Headers.Authorization = new("Bearer", token);
            using var response = await client.SendAsync(request);
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Forbidden, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers);
        Assert.Equal(before + 1, handler.Count);
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/metrics")]
    public async Task Health_alive_and_metrics_need_no_token(string path)
    {
        using var client = gateway.CreateAnonymousClient();

        using var response = await client.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_WebSocket_takes_a_read_token_from_the_access_token_query_parameter()
    {
        var token = AccessTokens.Issue(GatewayFixture.SigningKey, "gateway", ["read"], subject: "trader");
        var sockets = gateway.CreateWebSocketClient();

        using var socket = await sockets.ConnectAsync(new Uri($"ws://localhost/ws/market?symbols=BTCUSDT&access_token={token}"), CancellationToken.None);
        var refused = await Assert.ThrowsAnyAsync<InvalidOperationException>(() => sockets.ConnectAsync(new Uri("ws://localhost/ws/market?access_token=not-a-jwt"), CancellationToken.None));

        Assert.Equal(System.Net.WebSockets.WebSocketState.Open, socket.State);
        Assert.Contains("401", refused.Message, StringComparison.Ordinal);
    }

    private static string Invalid(string description) => $"{Realm}, error=\"invalid_token\", error_description=\"{description}\"";

    private static string Unsigned()
    {
        static string Part(object value) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        return $"{Part(new { alg = "none", typ = "JWT" })}.{Part(new { iss = "trading-api", sub = "x", aud = "gateway", scope = "read trade", iat = now, exp = now + 3600 })}.";
    }
}
