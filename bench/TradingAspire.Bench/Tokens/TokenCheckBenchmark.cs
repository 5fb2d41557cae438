using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using TradingAspire.Gateway.Auth;
using TradingAspire.TestSupport;

namespace TradingAspire.Bench.Tokens;

/// <summary>
/// CPU per bearer-token check in this process, no server: the gateway's token parameters (HS256, issuer, audience,
/// expiry, 5 s skew; copied per call as JwtBearer copies them per request), a token as trading-api signs it, checked
/// <see cref="Calls"/> times by JwtBearer's default handler (<see cref="JsonWebTokenHandler"/>: parse, HMAC, claims) and
/// by the gateway's <see cref="CachingTokenHandler"/> (the source file linked here) answering from memory, in
/// alternation (A, B, A, B, ...) for <see cref="Rounds"/> rounds. Prints µs of CPU per check (process CPU time / calls)
/// and the same-run ratio.
/// </summary>
internal static class TokenCheckBenchmark
{
    private const int Calls = 100_000;
    private const int Rounds = 3;

    public static async Task RunAsync(CancellationToken cancellationToken)
    {
        var key = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var parameters = GatewayTokenValidation.Parameters(new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)), "trading-api", "gateway");
        var token = AccessTokens.Issue(key, "gateway", ["read", "trade"]);
        var full = new JsonWebTokenHandler { MapInboundClaims = false };
        var cached = new CachingTokenHandler(TimeProvider.System) { MapInboundClaims = false };
        Console.WriteLine($"token check, {Calls:N0} calls per measure, the same {token.Length}-character token; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
        await MeasureAsync(full, 10_000);   // warm-up: the JIT's tiers
        await MeasureAsync(cached, 10_000);
        var (fulls, cacheds) = (new List<double>(), new List<double>());
        for (var round = 1; round <= Rounds; round++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            fulls.Add(await MeasureAsync(full, Calls));
            cacheds.Add(await MeasureAsync(cached, Calls));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round {round}: JsonWebTokenHandler (JwtBearer's default) {fulls[^1]:0.00} µs CPU per check, CachingTokenHandler (from memory) {cacheds[^1]:0.00} µs"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"median: full check {Median(fulls):0.00} µs, from memory {Median(cacheds):0.00} µs; ratio from memory / full, same run: {Median(cacheds) / Median(fulls):0.000}"));

        async Task<double> MeasureAsync(JsonWebTokenHandler handler, int calls)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            for (var i = 0; i < calls; i++)
            {
                var result = await handler.ValidateTokenAsync(token, parameters.Clone());
                if (!result.IsValid)
                {
                    throw new InvalidOperationException($"the token was refused: {result.Exception?.Message}");
                }
            }

            return (Process.GetCurrentProcess().TotalProcessorTime - before).TotalMicroseconds / calls;
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
