using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Xunit;

namespace TradingAspire.TestSupport;

/// <summary>
/// The retry rule of <see cref="RetriedOrderLoad"/> (linked into one test project; the load itself is tested under
/// restarts by the tests that use it): an answer the rule names is retried with the same order until acknowledged, any
/// other fails the test at once. A server that answers as told stands in for the API.
/// </summary>
public sealed class RetriedOrderLoadTests
{
    [Fact]
    public async Task An_answer_the_rule_names_is_retried_with_the_same_order_until_acknowledged()
    {
        var server = new Answers(HttpStatusCode.ServiceUnavailable, HttpStatusCode.ServiceUnavailable);
        await using var load = Start(server);
        await load.WaitForMoreAsync(2, TimeSpan.FromSeconds(30));
        await load.StopAsync();

        Assert.Equal(2, load.Retries);
        Assert.Equal(["rule-0-0", "rule-0-0", "rule-0-0", "rule-0-1"], server.ClientOrderIds.Take(4));
        Assert.Equal(server.OrderIds["rule-0-0"], load.Acknowledged["rule-0-0"].OrderId);
    }

    [Fact]
    public async Task An_answer_the_rule_does_not_name_fails_the_wait_at_once_and_the_stop_with_the_answer()
    {
        var server = new Answers(HttpStatusCode.ServiceUnavailable, HttpStatusCode.InternalServerError);
        await using var load = Start(server);

        // Not a TimeoutException after the 60 s: the 500 ends the wait when it comes.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => load.WaitForMoreAsync(1, TimeSpan.FromSeconds(60)));
        Assert.Contains("rule-0-0", failure.Message, StringComparison.Ordinal);
        Assert.Contains("was answered 500", failure.Message, StringComparison.Ordinal);
        Assert.Contains("storage_unavailable", failure.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(load.StopAsync);
        Assert.Empty(load.Acknowledged);
    }

    // A load of one client that retries only 503 (as the gateway's tests do), started against the server.
    private static RetriedOrderLoad Start(Answers server)
    {
        var client = new HttpClient(server) { BaseAddress = new Uri("http://api.test") };
        var load = new RetriedOrderLoad(() => client, "/api/orders", status => status == HttpStatusCode.ServiceUnavailable, "rule", interval: TimeSpan.FromMilliseconds(100));
        load.Start();
        return load;
    }

    /// <summary>Answers the statuses given, in turn, then 201 with a new order id; records each order's client order id.</summary>
    private sealed class Answers(params HttpStatusCode[] first) : HttpMessageHandler
    {
        private int _requests;

        public ConcurrentQueue<string> ClientOrderIds { get; } = new();

        public ConcurrentDictionary<string, Guid> OrderIds { get; } = new();

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            using var order = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken));
            var id = order.RootElement.GetProperty("client_order_id").GetString()!;
            ClientOrderIds.Enqueue(id);
            var n = Interlocked.Increment(ref _requests) - 1;
            return n < first.Length
                ? new HttpResponseMessage(first[n]) { Content = new StringContent("""{"error":"storage_unavailable"}""") }
                : new HttpResponseMessage(HttpStatusCode.Created) { Content = new StringContent($$$"""{"order":{"id":"{{{OrderIds.GetOrAdd(id, _ => Guid.NewGuid())}}}"}}""") };
        }
    }
}
