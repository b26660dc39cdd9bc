using System.Collections.Concurrent;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;
using Hawiya.Grains.Credentials;
using Hawiya.Server.Tests.Oidc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Abuse;

/// <summary>
/// The whole server with SMS going to the loopback Twilio, 127.0.0.2 trusted as a reverse proxy,
/// small per-IP request limits, and probes that record the grain calls and password hashes each
/// traced request causes.
/// </summary>
public sealed class AbuseServer : OidcServer
{
    public const int LoginLimit = 150;
    public const int TokenLimit = 20;
    public const int UnverifiedLimit = 400;
    public const int CitizenApisLimit = 60;
    public const string TraceKey = "test-trace";

    internal FakeTwilioServer Twilio { get; private set; } = null!;

    public GrainCallRecorder Calls { get; } = new();

    internal CapturingLoggerProvider Logs { get; } = new();

    public CountingPasswordHasher Hashes { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Twilio = await FakeTwilioServer.StartAsync();
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Twilio.DisposeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() => new Dictionary<string, string?>
    {
        ["Gateways:Sms:Provider"] = "Twilio",
        ["Gateways:Sms:Twilio:BaseUrl"] = Twilio.BaseUrl,
        ["Gateways:Sms:Twilio:AccountSid"] = FakeTwilioServer.AccountSid,
        ["Gateways:Sms:Twilio:AuthToken"] = FakeTwilioServer.AuthToken,
        ["Gateways:Sms:Twilio:From"] = "+15005550006",
        ["Hawiya:RateLimits:TrustedProxies:0"] = TrustedProxy.Address,
        ["Hawiya:RateLimits:Login:PermitLimit"] = LoginLimit.ToString(),
        ["Hawiya:RateLimits:Token:PermitLimit"] = TokenLimit.ToString(),
        ["Hawiya:RateLimits:Unverified:PermitLimit"] = UnverifiedLimit.ToString(),
        ["Hawiya:RateLimits:CitizenApis:PermitLimit"] = CitizenApisLimit.ToString(),
        // The production defaults, which appsettings.Development.json raises for the load generator.
        ["Hawiya:SmsBudgets:PerNumber:Limit"] = "5",
        ["Hawiya:SmsBudgets:PerPrefix:Limit"] = "30",
        ["Hawiya:SmsBudgets:PerIp:Limit"] = "30",
        ["Hawiya:SmsBudgets:PerProvider:Limit"] = "50000",
        ["Hawiya:SmsBudgets:Email:PerAddress:Limit"] = "5",
        ["Hawiya:SmsBudgets:Email:PerProvider:Limit"] = "50000",
        ["Hawiya:SmsBudgets:Email:PerIp:Limit"] = "30",
    };

    protected override void ConfigureMoreServices(IServiceCollection services)
    {
        services.AddSingleton<IOutgoingGrainCallFilter>(Calls);
        services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        services.AddSingleton<IStartupFilter>(new TraceStartup());
        var hasher = services.Last(d => d.ServiceType == typeof(IPasswordHasher));
        services.Remove(hasher);
        services.AddSingleton<IPasswordHasher>(sp =>
        {
            var inner = (IPasswordHasher)(hasher.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, hasher.ImplementationType!));
            return Hashes = new CountingPasswordHasher(inner);
        });
    }

    /// <summary>The last SMS the loopback Twilio accepted for <paramref name="phone"/>, waiting for the send queue.</summary>
    public string? LatestSms(string phone)
    {
        string? body = null;
        SpinWait.SpinUntil(() => (body = Twilio.Accepted.LastOrDefault(m => m["To"] == phone)?["Body"]) is not null, TimeSpan.FromSeconds(10));
        return body;
    }

    /// <summary>Puts the request's client address into the Orleans request context, which flows into grain calls.</summary>
    private sealed class TraceStartup : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (HttpContext http, RequestDelegate inner) =>
            {
                // Each test browser sits at its own forwarded address: that address names its requests.
                if (http.Request.Headers.TryGetValue("X-Forwarded-For", out var trace))
                {
                    RequestContext.Set(TraceKey, trace.ToString());
                }

                try
                {
                    await inner(http);
                }
                finally
                {
                    RequestContext.Clear();
                }
            });
            next(app);
        };
    }
}

/// <summary>Every grain call made under a trace id: interface, method and target.</summary>
public sealed class GrainCallRecorder : IOutgoingGrainCallFilter
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Call, string Target)>> _calls = new();

    public IReadOnlyList<(string Call, string Target)> Of(string trace) =>
        _calls.TryGetValue(trace, out var calls) ? calls.ToArray() : [];

    public async Task Invoke(IOutgoingGrainCallContext context)
    {
        if (RequestContext.Get(AbuseServer.TraceKey) is string trace)
        {
            _calls.GetOrAdd(trace, _ => new()).Enqueue(($"{context.InterfaceName}.{context.MethodName}", context.TargetId.ToString()));
        }

        await context.Invoke();
    }
}

/// <summary>Counts Argon2 verifications, to show an unknown citizen's password costs the same hashing.</summary>
public sealed class CountingPasswordHasher(IPasswordHasher inner) : IPasswordHasher
{
    private int _verifications;

    public int Verifications => Volatile.Read(ref _verifications);

    public Task<string> HashAsync(string password) => inner.HashAsync(password);

    public Task<bool> VerifyAsync(string password, string phc)
    {
        Interlocked.Increment(ref _verifications);
        return inner.VerifyAsync(password, phc);
    }
}

[CollectionDefinition(Name)]
public sealed class AbuseCollection : ICollectionFixture<AbuseServer>
{
    public const string Name = "abuse";
}
