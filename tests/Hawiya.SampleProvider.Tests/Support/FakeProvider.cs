using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Tests.Support;

/// <summary>A request the fake provider received on its back channel.</summary>
public sealed record RecordedRequest(string Path, string? Authorization, IReadOnlyDictionary<string, string> Form);

/// <summary>
/// A minimal OpenID provider on a loopback Kestrel port: discovery, an ES256 JWKS, and
/// recording PAR and token endpoints. Browser-facing endpoints (authorize, end session) are
/// only named in discovery: the tests read the redirects the site issues, no browser follows them.
/// </summary>
public sealed class FakeProvider : IAsyncDisposable
{
    public const string KeyId = "test-es256";
    public const string RequestUri = "urn:ietf:params:oauth:request_uri:fake-par-request";

    private readonly WebApplication _app;

    private FakeProvider(WebApplication app, bool pushedAuthorization)
    {
        _app = app;
        PushedAuthorization = pushedAuthorization;
    }

    public bool PushedAuthorization { get; }

    public string Issuer { get; private set; } = string.Empty;

    /// <summary>The provider's signing key, published in its JWKS.</summary>
    public ECDsa SigningKey { get; } = ECDsa.Create(ECCurve.NamedCurves.nistP256);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>What the token endpoint answers; a test replaces it.</summary>
    public Func<IReadOnlyDictionary<string, string>, IResult> TokenResponder { get; set; } =
        _ => Results.Json(new Dictionary<string, string> { ["error"] = "invalid_grant" }, statusCode: 400);

    /// <summary>The userinfo response (OIDC Core §5.3.2) as JSON; a test replaces it.</summary>
    public string UserInfo { get; set; } = "{}";

    public SigningCredentials SigningCredentials =>
        new(new ECDsaSecurityKey(SigningKey) { KeyId = KeyId }, SecurityAlgorithms.EcdsaSha256);

    public static async Task<FakeProvider> StartAsync(bool pushedAuthorization = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var provider = new FakeProvider(app, pushedAuthorization);
        provider.MapEndpoints();
        provider.MapUserInfo();
        await app.StartAsync();
        provider.Issuer = app.Urls.Single().TrimEnd('/');
        return provider;
    }

    public RecordedRequest[] RequestsTo(string path) => Requests.Where(r => r.Path == path).ToArray();

    private void MapEndpoints()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(Discovery()));
        _app.MapGet("/jwks", () =>
        {
            var point = SigningKey.ExportParameters(includePrivateParameters: false).Q;
            var key = new Dictionary<string, string>
            {
                ["kty"] = "EC", ["crv"] = "P-256", ["use"] = "sig", ["alg"] = "ES256", ["kid"] = KeyId,
                ["x"] = Base64UrlEncoder.Encode(point.X), ["y"] = Base64UrlEncoder.Encode(point.Y),
            };
            return Results.Json(new { keys = new[] { key } });
        });
        _app.MapPost("/par", async Task<IResult> (HttpContext context) =>
        {
            await RecordAsync(context);
            return Results.Json(new { request_uri = RequestUri, expires_in = 60 }, statusCode: StatusCodes.Status201Created);
        });
        // Explicit return type: a lambda taking only HttpContext and returning a Task would bind as a
        // RequestDelegate, and the IResult would be dropped.
        _app.MapPost("/token", async Task<IResult> (HttpContext context) => TokenResponder(await RecordAsync(context)));
    }

    private void MapUserInfo() =>
        _app.MapGet("/userinfo", (HttpContext context) =>
            context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.Ordinal)
                ? Results.Text(UserInfo, "application/json")
                : Results.Unauthorized());

    private Dictionary<string, object> Discovery()
    {
        var discovery = new Dictionary<string, object>
        {
            ["issuer"] = Issuer,
            ["authorization_endpoint"] = Issuer + "/authorize",
            ["token_endpoint"] = Issuer + "/token",
            ["userinfo_endpoint"] = Issuer + "/userinfo",
            ["end_session_endpoint"] = Issuer + "/logout",
            ["jwks_uri"] = Issuer + "/jwks",
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "pairwise" },
            ["id_token_signing_alg_values_supported"] = new[] { "ES256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_basic", "client_secret_post" },
            ["acr_values_supported"] = new[] { "eidas1", "eidas2", "eidas3" },
            ["backchannel_logout_supported"] = true,
            ["backchannel_logout_session_supported"] = true,
        };
        if (PushedAuthorization)
        {
            discovery["pushed_authorization_request_endpoint"] = Issuer + "/par";
        }

        return discovery;
    }

    private async Task<IReadOnlyDictionary<string, string>> RecordAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var values = form.ToDictionary(f => f.Key, f => f.Value.ToString(), StringComparer.Ordinal);
        Requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null, values));
        return values;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        SigningKey.Dispose();
    }
}
