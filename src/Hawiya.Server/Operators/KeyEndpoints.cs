using Hawiya.Hsm;
using Hawiya.Server.Citizens.Receipts;
using Hawiya.Server.Keys;
using Hawiya.Server.Oidc.Keys;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Operators;

/// <summary>A key to generate in the HSM: <c>es256</c> or <c>rs256</c>, signing from <c>activeFrom</c>.</summary>
public sealed record NewKeyRequest(string Type, DateTimeOffset ActiveFrom);

public sealed record KeyView(string Purpose, string KeyId, string Type, DateTimeOffset ActiveFrom);

/// <summary>
/// The rotation's first step, for operators: list the platform's keys in the HSM, and generate the
/// next one there with the instant it starts signing. Silos load their keys at start, so a new key
/// is published once each silo has been restarted; its <c>activeFrom</c> leaves time for that and
/// for relying parties to fetch the JWKS again (docs/security.md, "Private keys").
/// </summary>
public static class KeyEndpoints
{
    private static readonly string[] Purposes = [OidcKeyRing.HsmPurpose, ReceiptKeys.HsmPurpose];

    public static RouteGroupBuilder MapPlatformKeys(this RouteGroupBuilder api)
    {
        api.MapGet("/keys", (IServiceProvider services) => Keys(services) is { } keys
            ? Results.Ok(Purposes.SelectMany(p => keys.List(p).Select(k => View(k.Name, k.Key))))
            : NoHsm());
        api.MapPost("/keys/{purpose}", (string purpose, NewKeyRequest request, IServiceProvider services, TimeProvider time) =>
        {
            if (Keys(services) is not { } keys)
            {
                return NoHsm();
            }

            HsmKeyType? type = request.Type switch
            {
                "es256" => HsmKeyType.EcP256,
                "rs256" when purpose == OidcKeyRing.HsmPurpose => HsmKeyType.Rsa,
                _ => null,
            };
            if (!Purposes.Contains(purpose) || type is null)
            {
                return Invalid("purpose is oidc (type es256 or rs256) or receipts (type es256)");
            }

            // A key that signed before it was published would fail every relying party that cached the JWKS.
            if (request.ActiveFrom < time.GetUtcNow())
            {
                return Invalid("activeFrom must not be in the past: a key is published before it signs");
            }

            var name = keys.Generate(purpose, request.Type, type.Value, request.ActiveFrom);
            return Results.Created($"/operator/keys/{purpose}/{name.KeyId}", View(name, type.Value));
        });
        return api;
    }

    private static PlatformKeys? Keys(IServiceProvider services) =>
        services.GetRequiredService<IOptions<HsmSettings>>().Value.IsConfigured ? services.GetRequiredService<PlatformKeys>() : null;

    private static KeyView View(HsmKeyName name, HsmKey key) => View(name, key.Type);

    private static KeyView View(HsmKeyName name, HsmKeyType type) =>
        new(name.Purpose, name.KeyId, type == HsmKeyType.Rsa ? "rs256" : "es256", name.ActiveFrom);

    private static IResult NoHsm() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "no_hsm",
        detail: "Hawiya:Hsm is not configured on this silo.", extensions: new Dictionary<string, object?> { ["error"] = "no_hsm" });

    private static IResult Invalid(string detail) => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid_request",
        detail: detail, extensions: new Dictionary<string, object?> { ["error"] = "invalid_request" });
}
