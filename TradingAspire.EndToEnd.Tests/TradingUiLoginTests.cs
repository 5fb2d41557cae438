using Microsoft.Playwright;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// The trading UI's login against the whole running system (tokens of <see cref="TelemetrySystem.TokenSeconds"/>
/// s): the Development profile fills in the generated trader, a wrong password is refused and audited in the
/// dashboard's structured logs (category <c>security</c>), the token is renewed before it expires (on Playwright's
/// clock, without waiting for it), and a 401 brings
/// the login back without losing the order being typed.
/// </summary>
[Collection(WholeSystem.Name)]
public sealed class TradingUiLoginTests(TelemetrySystem system, Chromium chromium) : PageTest(chromium)
{
    private const string Exchange = "urn:ietf:params:oauth:grant-type:token-exchange";

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await Page.GotoAsync(system.App.GetEndpoint("trading-ui").ToString());
    }

    [Fact]
    public async Task The_login_comes_filled_in_with_the_generated_trader_and_one_click_opens_a_live_trading_screen()
    {
        await Assertions.Expect(Page.GetByTestId("login-username")).ToHaveValueAsync("trader", new() { Timeout = 20_000 });
        await Assertions.Expect(Page.GetByTestId("login-password")).ToHaveValueAsync(system.TraderPassword);

        await Page.GetByTestId("login-submit").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("login")).ToHaveCountAsync(0, new() { Timeout = 15_000 });
        await Assertions.Expect(Page.GetByTestId("user")).ToContainTextAsync("trader");
        foreach (var stream in new[] { "market", "executions", "api" })
        {
            await Assertions.Expect(Page.GetByTestId($"connection-{stream}")).ToHaveAttributeAsync("data-state", "live", new() { Timeout = 20_000 });
        }
    }

    [Fact]
    public async Task A_wrong_password_is_refused_on_the_form_and_audited_in_the_security_category_with_the_client_address()
    {
        await Page.GetByTestId("login-password").FillAsync("not-the-password");
        await Page.GetByTestId("login-submit").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("login-error")).ToHaveTextAsync("The user name or password is wrong.", new() { Timeout = 15_000 });
        await Assertions.Expect(Page.GetByTestId("login")).ToBeVisibleAsync();

        // The same refusal from a client with a known trace, to find its log record in the dashboard.
        var traceParent = TraceParent.New();
        var traceId = traceParent.TraceId;
        using var http = new HttpClient { BaseAddress = system.App.GetEndpoint("trading-api") };
        using var request = new HttpRequestMessage(HttpMethod.Post, "/auth/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "password", ["username"] = "trader", ["password"] = "also-wrong" }),
        };
        request.Headers.Add("traceparent", traceParent.ToString());
        using var refused = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        IReadOnlyList<(string Message, string SpanId, string Category)> records = [];
        await Poll.UntilAsync(async () => (records = await system.Telemetry.LogsAsync("trading-api", traceId)).Any(r => r.Category == "security"),
            () => $"a security record of the failed login in trace {traceId}: got [{string.Join("; ", records)}]", TimeSpan.FromSeconds(60));
        Assert.Contains(records, r => r is { Category: "security", Message: "login failed: wrong user credentials for 'trader'" });
        // Log in correctly, so the failures in a row do not add up to a lock-out for the other tests.
        await AccessTokens.LoginAsync(http, system.TraderPassword);
    }

    /// <summary>
    /// The UI's renewal timer, run on Playwright's clock (<see cref="IClock"/>): the page's timers run in real time until
    /// the test jumps its clock to just past the renewal point (25 of the token's 30 s after the login) and pauses it
    /// there, which fires the renewal due at 24 s at once instead of after 24 real seconds, and nothing due later. The
    /// exchange goes to the real trading-api, and the next order carries the renewed token. When the renewal falls due
    /// (four fifths of the life) is checked with fake timers in <c>apps/trading-ui/src/lib/session.test.ts</c>.
    /// </summary>
    [Fact]
    public async Task The_token_is_renewed_before_it_expires_and_orders_still_go_through()
    {
        var renewals = new List<IRequest>();
        Page.Request += (_, request) =>
        {
            if (request.Method == "POST" && new Uri(request.Url).AbsolutePath == "/auth/token" && request.PostData is { } form
                && form.Contains($"grant_type={Uri.EscapeDataString(Exchange)}", StringComparison.Ordinal) && form.Contains("audience=trading-api", StringComparison.Ordinal))
            {
                lock (renewals)
                {
                    renewals.Add(request);
                }
            }
        };
        await Page.Clock.InstallAsync();
        await Page.ReloadAsync();
        await Browser.LogInAsync(Page);
        Assert.Empty(renewals);

        // Jump to one second past the renewal point and stop the page's time there: only timers due by then fire. The UI set
        // its timer when the login's answer came, before this reads the clock, so the renewal due at 24 s fires; one
        // scheduled at the expiry (30 s) would be seen only if this read lagged the answer by 5 s (with a jump to 29 s, by
        // 1 s: Playwright's polling for the form to go, under load, can take that).
        var loggedInAt = await Page.EvaluateAsync<long>("Date.now()");
        await Page.Clock.PauseAtAsync(DateTimeOffset.FromUnixTimeMilliseconds(loggedInAt + (TelemetrySystem.TokenSeconds * 4 / 5 + 1) * 1000L).UtcDateTime);
        await Poll.UntilAsync(() => Task.FromResult(renewals.Count > 0), "the UI renewed its token by token exchange when the page's clock passed four fifths of its life", TimeSpan.FromSeconds(15));
        var answer = await renewals[0].ResponseAsync();
        Assert.Equal(200, answer!.Status);
        var renewed = (await answer.JsonAsync())!.Value.GetProperty("access_token").GetString();
        await Page.Clock.ResumeAsync();

        await Page.GetByTestId("ticket-quantity").FillAsync("0.01");
        var order = await Page.RunAndWaitForRequestAsync(
            () => Page.GetByTestId("ticket-submit").ClickAsync(), r => r.Method == "POST" && new Uri(r.Url).AbsolutePath == "/api/trades", new() { Timeout = 15_000 });
        Assert.Equal($"Bearer {renewed}", await order.HeaderValueAsync("authorization"));
        await Assertions.Expect(Page.GetByTestId("ticket-result")).ToContainTextAsync("buy 0.01 BTCUSDT: filled", new() { Timeout = 15_000 });
        await Assertions.Expect(Page.GetByTestId("login")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task A_401_brings_the_login_back_and_the_order_being_typed_is_still_there_after_logging_in_again()
    {
        await Browser.LogInAsync(Page);
        await Page.GetByTestId("ticket-symbol").SelectOptionAsync("SOLUSDT");
        await Page.GetByTestId("ticket-quantity").FillAsync("0.03");
        // The next order goes out with a token trading-api did not issue: the real service answers 401.
        var forged = AccessTokens.Issue("a-key-trading-api-does-not-have-0123456789", "trading-api", ["read", "trade"], subject: "trader");
        await Page.RouteAsync("**/api/trades", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            await Page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
            var headers = new Dictionary<string, string>(route.Request.Headers) { ["authorization"] = $"Bearer {forged}" };
            await route.ContinueAsync(new() { Headers = headers });
        });

        await Page.GetByTestId("ticket-submit").ClickAsync();

        await Assertions.Expect(Page.GetByTestId("login-reason")).ToHaveTextAsync("Your session has ended: log in again. What you typed is kept.", new() { Timeout = 15_000 });
        await Assertions.Expect(Page.GetByTestId("error-form")).ToHaveTextAsync("Not sent: your session has ended. Log in again, then send the order again.");
        await Browser.LogInAsync(Page);
        await Assertions.Expect(Page.GetByTestId("ticket-symbol")).ToHaveValueAsync("SOLUSDT");
        await Assertions.Expect(Page.GetByTestId("ticket-quantity")).ToHaveValueAsync("0.03");
        await Page.GetByTestId("ticket-submit").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("ticket-result")).ToContainTextAsync("buy 0.03 SOLUSDT: filled", new() { Timeout = 15_000 });
    }
}
