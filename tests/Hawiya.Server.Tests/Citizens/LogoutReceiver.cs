using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Hawiya.Server.Tests.Oidc;

namespace Hawiya.Server.Tests.Citizens;

/// <summary>
/// A relying party's back-channel logout endpoint on its own loopback port. It validates each
/// logout token as OpenID Connect Back-Channel Logout 1.0 §2.6 asks of a real RP — signature
/// against the provider's JWKS, iss, aud, iat, jti (never twice), the events claim, no nonce —
/// and answers 400 with an error otherwise. It can be told to fail its first requests.
/// </summary>
public sealed class LogoutReceiver : IAsyncDisposable
{
    public const string Event = "http://schemas.openid.net/event/backchannel-logout";

    private readonly WebApplication _app;
    private readonly OidcServer _server;
    private readonly string _clientId;
    private readonly ConcurrentDictionary<string, bool> _seenJti = new(StringComparer.Ordinal);
    private readonly Channel<JsonElement> _accepted = Channel.CreateUnbounded<JsonElement>();
    private int _failuresLeft;
    private int _requests;

    private LogoutReceiver(WebApplication app, OidcServer server, string clientId, Uri endpoint)
    {
        _app = app;
        _server = server;
        _clientId = clientId;
        Endpoint = endpoint;
    }

    public Uri Endpoint { get; }

    /// <summary>Every POST received, valid or not.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Refusals, each with the §2.6 rule broken.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<LogoutReceiver> StartAsync(OidcServer server, string clientId, int failFirst = 0)
    {
        var port = TestDatabase.FreePort();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Development });
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        var app = builder.Build();
        var receiver = new LogoutReceiver(app, server, clientId, new Uri($"http://127.0.0.1:{port}/backchannel-logout")) { _failuresLeft = failFirst };
        app.MapPost("/backchannel-logout", (Delegate)receiver.ReceiveAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The payload of the next valid logout token received.</summary>
    public async Task<JsonElement> NextAsync(TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        return await _accepted.Reader.ReadAsync(timeout.Token);
    }

    public async Task WaitForRequestsAsync(int count, TimeSpan within)
    {
        using var timeout = new CancellationTokenSource(within);
        while (Requests < count)
        {
            await Task.Delay(20, timeout.Token);
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> ReceiveAsync(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        if (Interlocked.Decrement(ref _failuresLeft) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (!context.Request.HasFormContentType)
        {
            return Refuse("not a form POST");
        }

        var form = await context.Request.ReadFormAsync();
        if (form["logout_token"] is not { Count: 1 } tokens || string.IsNullOrEmpty(tokens[0]))
        {
            return Refuse("exactly one logout_token is required");
        }

        using var http = new HttpClient { BaseAddress = _server.Issuer };
        using var discovery = JsonDocument.Parse(await http.GetStringAsync(".well-known/openid-configuration"));
        var jwks = new JsonWebKeySet(await http.GetStringAsync(discovery.RootElement.GetProperty("jwks_uri").GetString()));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(tokens[0], new TokenValidationParameters
        {
            ValidIssuer = _server.Issuer.ToString(),
            ValidAudience = _clientId,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidTypes = ["logout+jwt"],
            // Lifetime is checked below against the server's test clock, from iat.
            ValidateLifetime = false,
        });
        if (!result.IsValid)
        {
            return Refuse("signature, iss, aud or typ: " + result.Exception?.GetType().Name);
        }

        var payload = JsonDocument.Parse(Base64UrlEncoder.Decode(((JsonWebToken)result.SecurityToken).EncodedPayload)).RootElement.Clone();
        if (!payload.TryGetProperty("iat", out var iat) || Math.Abs(iat.GetInt64() - _server.Time.GetUtcNow().ToUnixTimeSeconds()) > 300)
        {
            return Refuse("iat missing or not recent");
        }

        if (!payload.TryGetProperty("jti", out var jti) || jti.GetString() is not { Length: > 0 } id || !_seenJti.TryAdd(id, true))
        {
            return Refuse("jti missing or replayed");
        }

        if (!payload.TryGetProperty("events", out var events) || events.ValueKind != JsonValueKind.Object
            || !events.TryGetProperty(Event, out var logout) || logout.ValueKind != JsonValueKind.Object)
        {
            return Refuse("events claim without the back-channel logout event");
        }

        if (payload.TryGetProperty("nonce", out _))
        {
            return Refuse("nonce present");
        }

        if (!payload.TryGetProperty("sub", out _) && !payload.TryGetProperty("sid", out _))
        {
            return Refuse("neither sub nor sid");
        }

        await _accepted.Writer.WriteAsync(payload);
        context.Response.Headers.CacheControl = "no-store";
        return Results.Ok();
    }

    private IResult Refuse(string reason)
    {
        Refusals.Enqueue(reason);
        return Results.Json(new { error = "invalid_request", error_description = reason }, statusCode: StatusCodes.Status400BadRequest);
    }
}
