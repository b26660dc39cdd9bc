using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Ocsp;
using Hawiya.Server.Revocation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Ocsp;

namespace Hawiya.Server.Tests.Revocation;

/// <summary>A revocation made through one silo reaches the OCSP answers of another within the refresh bound.</summary>
public sealed class TwoSiloRevocationTests : IAsyncLifetime
{
    private readonly string _clusterId = TestDatabase.NewClusterId();
    private MemberFactory _a = null!;
    private MemberFactory _b = null!;

    public async Task InitializeAsync()
    {
        await TestDatabase.EnsureSchemaAsync();
        _a = new MemberFactory(_clusterId);
        _b = new MemberFactory(_clusterId);
        _ = _a.Server;
        _ = _b.Server;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task Revoke_ThroughOneSilo_IsRevokedInTheOtherSilosOcspWithinTheBound()
    {
        var operatorA = _a.CreateClient();
        operatorA.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ServerFactory.OperatorToken);
        var pki = _a.Services.GetRequiredService<CardCaPki>();
        var number = "TS" + Guid.NewGuid().ToString("N")[..12].ToUpperInvariant();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = new CardCertificateIssuer(pki.CardCa, TimeProvider.System)
            .Issue(number, key.ExportSubjectPublicKeyInfo(), DateTimeOffset.UtcNow.AddYears(5));
        var seeded = await operatorA.PostAsJsonAsync("/operator/seed", new
        {
            citizens = new[] { new { nationalNumber = number + "H" } },
            cards = new[] { new { cardNumber = number, nationalNumber = number + "H", certificate = Convert.ToBase64String(certificate.GetEncoded()) } },
        });
        seeded.EnsureSuccessStatusCode();
        var generator = new OcspReqGenerator();
        generator.AddRequest(new CertificateID(
            new AlgorithmIdentifier(new DerObjectIdentifier("1.3.14.3.2.26"), DerNull.Instance), pki.CardCa.Certificate, certificate.SerialNumber));
        var request = generator.Generate().GetEncoded();
        var ocspB = _b.CreateClient();
        // BouncyCastle reports "good" as a null status; this also leaves a pre-signed "good" in B's cache.
        Assert.Null(await StatusAsync(ocspB, request));

        (await operatorA.PostAsJsonAsync($"/operator/cards/{number}/revoke", new { cause = "Stolen" })).EnsureSuccessStatusCode();
        var watch = Stopwatch.StartNew();
        while (await StatusAsync(ocspB, request) is not RevokedStatus)
        {
            Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), "The other silo still answers good after 5 s.");
            await Task.Delay(50);
        }

        // The documented bound is one refresh interval (1 s) plus a grain call; 5 s leaves room for a busy machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5));
    }

    private static async Task<object?> StatusAsync(HttpClient client, byte[] request)
    {
        var response = await client.GetAsync(RevocationEndpoints.OcspPath + "/" + OcspHttp.EncodeGetRequest(request));
        var basic = (BasicOcspResp)new OcspResp(await response.Content.ReadAsByteArrayAsync()).GetResponseObject();
        return basic.Responses[0].GetCertStatus();
    }

    private sealed class MemberFactory(string clusterId) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (name, value) in SiloHost.Settings(clusterId, clusterId))
            {
                builder.UseSetting(name, value);
            }
        }
    }
}
