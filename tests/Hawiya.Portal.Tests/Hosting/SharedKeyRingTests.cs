extern alias portal;

using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using PortalProgram = portal::Program;

namespace Hawiya.Portal.Tests.Hosting;

/// <summary>
/// Two portal instances on one shared key ring (the test database), as two replicas: the session
/// cookie one seals, the other opens; an instance with its own key ring cannot.
/// </summary>
public sealed class SharedKeyRingTests
{
    private const string CookieScheme = "portal";

    private static readonly string ConnectionString =
        Environment.GetEnvironmentVariable("HAWIYA_TEST_DB")
        ?? "Host=127.0.0.1;Port=5432;Database=hawiya_test;Username=hawiya;Password=DEV-ONLY-hawiya";

    private static Dictionary<string, string> KeyRing(string key) => new()
    {
        ["KeyRing:ConnectionString"] = ConnectionString,
        ["KeyRing:EncryptionKeys:0:KeyId"] = "test-portal",
        ["KeyRing:EncryptionKeys:0:Key"] = key,
    };

    [Fact]
    public async Task SessionCookie_SealedByOneInstance_OpensOnAnother()
    {
        var settings = KeyRing(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
        await using var first = new Instance(settings);
        await using var second = new Instance(settings);

        var cookie = first.CookieFormat().Protect(Ticket("pairwise-portal"));
        var opened = second.CookieFormat().Unprotect(cookie);

        Assert.Equal("pairwise-portal", opened?.Principal.FindFirst("sub")?.Value);
    }

    [Fact]
    public async Task SessionCookie_SealedByOneInstance_DoesNotOpenOnAnInstanceWithItsOwnKeyRing()
    {
        await using var first = new Instance(KeyRing(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32))));
        await using var alone = new Instance([]);

        var cookie = first.CookieFormat().Protect(Ticket("pairwise-portal"));

        Assert.Null(alone.CookieFormat().Unprotect(cookie));
    }

    private static AuthenticationTicket Ticket(string sub) =>
        new(new ClaimsPrincipal(new ClaimsIdentity([new Claim("sub", sub)], "test")), CookieScheme);

    private sealed class Instance(Dictionary<string, string> settings) : WebApplicationFactory<PortalProgram>
    {
        public ISecureDataFormat<AuthenticationTicket> CookieFormat() =>
            Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(CookieScheme).TicketDataFormat;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}
