using System.Diagnostics;

namespace TradingAspire.EndToEnd.Tests;

/// <summary>
/// A W3C trace context <c>traceparent</c> header (<c>00-{trace id: 32 hex}-{parent span id: 16 hex}-{flags}</c>) for
/// tests that find their requests' spans and records in the dashboard by trace id.
/// </summary>
/// <param name="TraceId">The trace id, 32 lowercase hex digits.</param>
/// <param name="SpanId">The parent span id, 16 lowercase hex digits.</param>
internal sealed record TraceParent(string TraceId, string SpanId)
{
    /// <summary>A new sampled trace context with random ids.</summary>
    public static TraceParent New() => new(ActivityTraceId.CreateRandom().ToHexString(), ActivitySpanId.CreateRandom().ToHexString());

    /// <summary>The ids of <paramref name="header"/>; <paramref name="source"/> names where it came from in the failure message.</summary>
    /// <exception cref="Xunit.Sdk.XunitException">The header is missing or not a W3C traceparent.</exception>
    public static TraceParent Parse(string? header, string source)
        => ActivityContext.TryParse(header, null, out var context)
            ? new(context.TraceId.ToHexString(), context.SpanId.ToHexString())
            : throw new Xunit.Sdk.XunitException($"{source}: traceparent '{header}' is not W3C 00-<trace id>-<span id>-<flags>");

    /// <summary>The header's value, sampled (flags 01).</summary>
    public override string ToString() => $"00-{TraceId}-{SpanId}-01";
}
