using System.Text;
using System.Text.RegularExpressions;
using Hawiya.CitizenApp;
using Hawiya.Contracts.Common;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Oidc.Release;
using Hawiya.Server.Operators;
using Hawiya.Server.Tests.CitizenApp;
using Hawiya.Server.Tests.Oidc;
using Npgsql;

namespace Hawiya.Server.Tests.Database;

/// <summary>
/// What a database reader takes: after a demo-like flow (seeded citizens, SMS and email logins,
/// a phone and an address enrolled), every table of the real PostgreSQL is read, grain states
/// included, and none of the seeded names, national numbers, phone numbers, addresses or codes
/// is found in it, in UTF-8 or in UTF-16.
/// </summary>
[Collection(OidcCollection.Name)]
public sealed partial class PrivacyDumpTests(OidcServer server)
{
    [Fact]
    public async Task Database_AfterLoginsAndContactEnrolment_HoldsNoNameNumberContactOrCodeInTheClear()
    {
        var secrets = new List<string>();
        var sms = await SeedAsync(secrets);
        var email = await SeedAsync(secrets);

        using (var browser = new Browser(server.Issuer))
        {
            var request = new AuthorizationRequest(OidcServer.ClientId, "openid profile email phone");
            await browser.OpenAsync(request.Url());
            await browser.PostStepAsync("identify", ("national_number", sms.Number));
            await browser.PostStepAsync("method", ("method", "Sms"));
            var code = Login.LatestCode(server, sms.Phone);
            secrets.Add(code);
            var stop = await browser.PostStepAsync("code", ("code", code));
            stop = stop.IsPage("consent") ? await browser.PostStepAsync("consent", ("decision", "accept")) : stop;
            using var client = new OidcClient(server);
            var (_, tokens) = await client.RedeemAsync(stop.Query["code"], request);
            var (_, userInfo) = await client.UserInfoAsync(tokens.GetProperty("access_token").GetString()!);
            Assert.Equal(sms.Phone, userInfo.GetProperty("phone_number").GetString());
        }

        using (var browser = new Browser(server.Issuer))
        {
            var request = new AuthorizationRequest(OidcServer.ClientId, "openid email");
            await browser.OpenAsync(request.Url());
            await browser.PostStepAsync("identify", ("national_number", email.Number));
            await browser.PostStepAsync("method", ("method", "Email"));
            var code = LatestEmailCode(email.Email);
            secrets.Add(code);
            var stop = await browser.PostStepAsync("code", ("code", code));
            stop = stop.IsPage("consent") ? await browser.PostStepAsync("consent", ("decision", "accept")) : stop;
            Assert.True(stop.Query.ContainsKey("code"), stop.Html);
        }

        // A phone number enrolled through the app, and an address left waiting for its code.
        using var app = await CitizenAppClient.SignedInAsync(server, new TestCitizen(sms.Number, sms.Phone));
        secrets.Add(Login.LatestCode(server, sms.Phone));
        var newPhone = "+2127" + Random.Shared.NextInt64(10_000_000, 99_999_999);
        var newAddress = $"nouvelle.{Guid.NewGuid():N}@example.ma";
        secrets.AddRange([newPhone, newAddress]);
        Assert.True((await app.StartContactAsync(ContactKind.Phone, newPhone)).Succeeded);
        var phoneCode = Login.LatestCode(server, newPhone);
        secrets.Add(phoneCode);
        Assert.True((await app.ConfirmContactAsync(ContactKind.Phone, phoneCode)).Succeeded);
        Assert.True((await app.StartContactAsync(ContactKind.Email, newAddress)).Succeeded);
        secrets.Add(LatestEmailCode(newAddress));

        var found = await FindInDatabaseAsync(secrets);

        Assert.True(found.Count == 0, "In the clear in PostgreSQL: " + string.Join("; ", found));
    }

    /// <summary>A citizen whose every identifier is unique to this test.</summary>
    private async Task<Seeded> SeedAsync(List<string> secrets)
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var seeded = new Seeded(
            "P" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant(),
            "+2126" + Random.Shared.NextInt64(10_000_000, 99_999_999),
            $"citoyen.{suffix}@example.ma",
            "Ghizlane" + suffix,
            "Bennani" + suffix);
        var report = await server.Seeding.SeedCitizensAsync(
        [
            new CitizenSeed(seeded.Number, Activate: true, Methods: [AuthMethod.Password, AuthMethod.Sms, AuthMethod.Email],
                Password: OidcServer.Password, Phone: seeded.Phone, Email: seeded.Email,
                Identity: new PivotIdentity(seeded.GivenName, seeded.FamilyName, "1987-03-21", "female", "Tanger" + suffix, "MAR")),
        ], CancellationToken.None);
        Assert.Empty(report.Failures);
        secrets.AddRange([seeded.Number, seeded.Phone, seeded.Email, seeded.GivenName, seeded.FamilyName, "Tanger" + suffix]);
        return seeded;
    }

    private string LatestEmailCode(string address)
    {
        OutboxEntry? message = null;
        SpinWait.SpinUntil(() => (message = server.Outbox.GetLatest(OutboxChannel.Email, address)) is not null, TimeSpan.FromSeconds(10));
        return SixDigits().Match(message?.Body ?? throw new InvalidOperationException("No email was sent.")).Value;
    }

    /// <summary>Every text and binary value of every table, searched for each secret in UTF-8 and UTF-16.</summary>
    private static async Task<List<string>> FindInDatabaseAsync(IReadOnlyList<string> secrets)
    {
        var patterns = secrets.Distinct().Select(s => (Secret: s, Utf8: Encoding.UTF8.GetBytes(s), Utf16: Encoding.Unicode.GetBytes(s))).ToList();
        var found = new List<string>();
        await using var connection = new NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "SELECT quote_ident(table_schema) || '.' || quote_ident(table_name) FROM information_schema.tables " +
            "WHERE table_type = 'BASE TABLE' AND table_schema NOT IN ('pg_catalog', 'information_schema')", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains(tables, t => t.EndsWith("orleans_grain_state", StringComparison.Ordinal));
        foreach (var table in tables)
        {
            await using var select = new NpgsqlCommand($"SELECT * FROM {table}", connection);
            await using var rows = await select.ExecuteReaderAsync();
            while (await rows.ReadAsync())
            {
                for (var column = 0; column < rows.FieldCount; column++)
                {
                    if (await rows.IsDBNullAsync(column))
                    {
                        continue;
                    }

                    var bytes = rows.GetValue(column) switch
                    {
                        byte[] binary => binary,
                        var other => Encoding.UTF8.GetBytes(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty),
                    };
                    foreach (var (secret, utf8, utf16) in patterns)
                    {
                        if (bytes.AsSpan().IndexOf(utf8) >= 0 || bytes.AsSpan().IndexOf(utf16) >= 0)
                        {
                            found.Add($"{table}.{rows.GetName(column)} holds '{secret}'");
                        }
                    }
                }
            }
        }

        return found;
    }

    [GeneratedRegex("[0-9]{6}")]
    private static partial Regex SixDigits();

    private sealed record Seeded(string Number, string Phone, string Email, string GivenName, string FamilyName);
}
