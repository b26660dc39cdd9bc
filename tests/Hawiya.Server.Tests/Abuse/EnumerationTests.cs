using System.Text.RegularExpressions;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>
/// An unknown national number gets the same pages, statuses, grain calls and password hashing as
/// a known one, so neither the answers nor the work behind them tell whether a citizen exists.
/// (The time each takes is compared by the load generator's enumeration scenario, never here.)
/// </summary>
[Collection(AbuseCollection.Name)]
public sealed partial class EnumerationTests(AbuseServer server)
{
    private sealed record Walk(BrowserStop[] Stops, string[] Calls);

    private async Task<Walk> WalkAsync(string nationalNumber, params (string Step, (string, string)[] Fields)[] steps)
    {
        var ip = TrustedProxy.NewClientIp();
        using var browser = new Browser(server.Issuer, ip);
        var stops = new List<BrowserStop> { await browser.OpenAsync(new AuthorizationRequest(OidcServer.ClientId).Url()) };
        stops.Add(await browser.PostStepAsync("identify", ("national_number", nationalNumber)));
        foreach (var (step, fields) in steps)
        {
            stops.Add(await browser.PostStepAsync(step, fields));
        }

        return new Walk([.. stops], [.. server.Calls.Of(ip).Where(c => !IsLease(c.Target)).Select(c => Describe(c.Call, c.Target))]);
    }

    /// <summary>Silo-wide leases are refilled every few dozen sends, whoever asks: not work of this request.</summary>
    private static bool IsLease(string target) => target.Contains("sms-provider:", StringComparison.Ordinal) || target.Contains("sms-country:", StringComparison.Ordinal);

    /// <summary>The call and the kind of grain it went to (keys differ per citizen and session).</summary>
    private static string Describe(string call, string target)
    {
        var key = target[(target.IndexOf('/') + 1)..];
        var kind = key.Contains(':', StringComparison.Ordinal) ? key[..key.IndexOf(':')] : key[..Math.Min(2, key.Length)];
        return $"{call} -> {kind}";
    }

    /// <summary>The page without what differs per login by design (the session's request_uri).</summary>
    private static string Normalised(BrowserStop stop) => RequestUri().Replace(stop.Html, "request_uri=\"…\"");

    private static void AssertSameAnswers(Walk known, Walk unknown)
    {
        Assert.Equal(known.Stops.Select(s => s.Status), unknown.Stops.Select(s => s.Status));
        Assert.Equal(known.Stops.Select(Normalised), unknown.Stops.Select(Normalised));
        Assert.Equal(known.Calls, unknown.Calls);
    }

    [Fact]
    public async Task SmsChosen_KnownAndUnknownCitizen_SamePagesStatusesAndGrainCalls()
    {
        var citizen = await server.NewCitizenAsync();
        var unknownNumber = "Z" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant();

        var known = await WalkAsync(citizen.Number, ("method", [("method", "Sms")]));
        var unknown = await WalkAsync(unknownNumber, ("method", [("method", "Sms")]));

        Assert.True(known.Stops[^1].IsPage("code"));
        AssertSameAnswers(known, unknown);
        Assert.Contains(known.Calls, c => c.StartsWith("hawiya.ISendBudgetGrain", StringComparison.Ordinal) || c.Contains("SendBudget", StringComparison.Ordinal));
        Assert.NotNull(server.LatestSms(citizen.Phone));
    }

    [Fact]
    public async Task PasswordTried_KnownAndUnknownCitizen_SamePagesGrainCallsAndOneArgon2Each()
    {
        var citizen = await server.NewCitizenAsync();
        // The first unknown check of a silo also derives its dummy hash once; keep that out of the count.
        await WalkAsync("Z" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), ("method", [("method", "Password")]), ("password", [("password", "warm-up")]));

        var before = server.Hashes.Verifications;
        var known = await WalkAsync(citizen.Number, ("method", [("method", "Password")]), ("password", [("password", "not the password")]));
        var knownHashes = server.Hashes.Verifications - before;
        before = server.Hashes.Verifications;
        var unknown = await WalkAsync("Z" + Guid.NewGuid().ToString("N")[..10].ToUpperInvariant(), ("method", [("method", "Password")]), ("password", [("password", "not the password")]));
        var unknownHashes = server.Hashes.Verifications - before;

        Assert.Equal(1, knownHashes);
        Assert.Equal(knownHashes, unknownHashes);
        AssertSameAnswers(known, unknown);
    }

    [GeneratedRegex("request_uri\" value=\"[^\"]*\"|request_uri=\"[^\"]*\"")]
    private static partial Regex RequestUri();
}
