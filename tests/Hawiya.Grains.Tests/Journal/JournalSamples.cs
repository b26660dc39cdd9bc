using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Receipts;

namespace Hawiya.Grains.Tests.Journal;

/// <summary>A use of the identity and the receipt asked for it, as the login path records them.</summary>
internal static class JournalSamples
{
    public static JournalEvent Use(string clientId) => new()
    {
        Kind = JournalEventKind.Use,
        At = ClusterFixture.Time.GetUtcNow(),
        ClientId = clientId,
        Level = LevelOfAssurance.Substantial,
        Methods = [AuthMethod.Password, AuthMethod.Sms],
        ReleasedClaims = ["given_name"],
    };

    public static ReceiptRequest Request() => new()
    {
        SessionId = "s-" + Guid.NewGuid().ToString("N"),
        Issuer = "https://hawiya.example.ma/",
        Subject = "pairwise-subject",
        Acr = "eidas2",
        Amr = ["mfa", "otp", "pwd", "sms"],
        ClaimsDigest = ReceiptDigests.Claims(new Dictionary<string, string> { ["given_name"] = "Salma" }),
    };
}
