using System.Net;
using Microsoft.Extensions.Options;

namespace Hawiya.SampleProvider.Hosting;

/// <summary>
/// The configuration section <c>SampleProvider</c>: how this demo service provider reaches
/// Hawiya and which client registration it uses. The defaults match the seeded client
/// <c>demo-sp</c> (infra/seed/demo.json) and a silo on http://127.0.0.1:5080.
/// </summary>
public sealed class SampleProviderSettings
{
    public const string Section = "SampleProvider";

    /// <summary>Marks development defaults, as on the Hawiya server.</summary>
    public const string DevelopmentMarker = "DEV-ONLY";

    public const string ClientSecretBasic = "client_secret_basic";
    public const string ClientSecretPost = "client_secret_post";

    /// <summary>The issuer; discovery is read from <c>{Authority}/.well-known/openid-configuration</c>.</summary>
    public string Authority { get; set; } = "http://127.0.0.1:5080";

    public string ClientId { get; set; } = "demo-sp";

    /// <summary>SECURITY: the development default is refused outside Development.</summary>
    public string ClientSecret { get; set; } = "DEV-ONLY-demo-sp-secret";

    /// <summary>Space-separated scopes (OpenID Connect Core 1.0 §3.1.2.1); <c>openid</c> is required.</summary>
    public string Scopes { get; set; } = "openid profile email phone offline_access";

    /// <summary>Space-separated <c>acr_values</c> sent with every login (Core §3.1.2.1), e.g. <c>eidas1</c>; empty sends none.</summary>
    public string? AcrValues { get; set; }

    /// <summary>The level asked for by the "step-up" link.</summary>
    public string StepUpAcrValues { get; set; } = "eidas2";

    /// <summary>
    /// How the client authenticates at the token and PAR endpoints (RFC 6749 §2.3.1):
    /// <c>client_secret_basic</c> (HTTP Basic) or <c>client_secret_post</c> (form body).
    /// </summary>
    public string ClientAuthenticationMethod { get; set; } = ClientSecretBasic;

    /// <summary>
    /// Accepted JWS algorithms for ID tokens and logout tokens, space-separated: the
    /// registered <c>id_token_signed_response_alg</c> (Dynamic Client Registration §2).
    /// </summary>
    public string SigningAlgorithms { get; set; } = "ES256";

    /// <summary>
    /// Where the provider sends the browser after RP-initiated logout, relative to this
    /// site (RP-Initiated Logout 1.0 §2); it must be registered with the provider.
    /// </summary>
    public string PostLogoutRedirectPath { get; set; } = "/";

    public IReadOnlyList<string> ScopeList => Split(Scopes);

    public IReadOnlyList<string> SigningAlgorithmList => Split(SigningAlgorithms);

    public bool UsesClientSecretBasic => string.Equals(ClientAuthenticationMethod, ClientSecretBasic, StringComparison.Ordinal);

    public Uri AuthorityUri => new(Authority, UriKind.Absolute);

    /// <summary>Plain HTTP is allowed only for a provider on this machine, and only in Development.</summary>
    public static bool IsLoopbackHttp(Uri authority) =>
        authority.Scheme == Uri.UriSchemeHttp
        && (authority.IsLoopback || (IPAddress.TryParse(authority.Host, out var address) && IPAddress.IsLoopback(address)));

    private static string[] Split(string? value) =>
        (value ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>Fails start-up, naming the setting, when the configuration cannot work or is unsafe.</summary>
internal sealed class SampleProviderSettingsValidation(IHostEnvironment environment) : IValidateOptions<SampleProviderSettings>
{
    private const string Prefix = SampleProviderSettings.Section + ":";

    public ValidateOptionsResult Validate(string? name, SampleProviderSettings options)
    {
        var failures = new List<string>();

        if (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority)
            || (authority.Scheme != Uri.UriSchemeHttps && authority.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{Prefix}Authority must be an absolute http(s) URL.");
        }
        else if (authority.Scheme != Uri.UriSchemeHttps
                 && !(environment.IsDevelopment() && SampleProviderSettings.IsLoopbackHttp(authority)))
        {
            // SECURITY: discovery and JWKS fetched over plain HTTP could be replaced in transit,
            // and with them the keys that ID tokens are checked against.
            failures.Add($"{Prefix}Authority must use https; plain http is accepted only for a loopback provider in Development.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientId))
        {
            failures.Add($"{Prefix}ClientId is required.");
        }

        if (string.IsNullOrWhiteSpace(options.ClientSecret))
        {
            failures.Add($"{Prefix}ClientSecret is required.");
        }
        else if (!environment.IsDevelopment()
                 && options.ClientSecret.Contains(SampleProviderSettings.DevelopmentMarker, StringComparison.Ordinal))
        {
            // SECURITY: the development secret is public (it is in the repository and the seed data).
            failures.Add($"{Prefix}ClientSecret is the development default; set the secret issued to this client "
                + $"(e.g. environment variable SampleProvider__ClientSecret) outside Development.");
        }

        // OpenID Connect Core 1.0 §3.1.2.1: without the openid scope the request is plain OAuth 2.0.
        if (!options.ScopeList.Contains("openid", StringComparer.Ordinal))
        {
            failures.Add($"{Prefix}Scopes must include openid.");
        }

        if (options.ClientAuthenticationMethod is not (SampleProviderSettings.ClientSecretBasic or SampleProviderSettings.ClientSecretPost))
        {
            failures.Add($"{Prefix}ClientAuthenticationMethod must be {SampleProviderSettings.ClientSecretBasic} or {SampleProviderSettings.ClientSecretPost}.");
        }

        var algorithms = options.SigningAlgorithmList;
        if (algorithms.Count == 0)
        {
            failures.Add($"{Prefix}SigningAlgorithms must name at least one JWS algorithm.");
        }
        else if (algorithms.Any(a => a.Equals("none", StringComparison.OrdinalIgnoreCase) || a.StartsWith("HS", StringComparison.OrdinalIgnoreCase)))
        {
            // SECURITY: only asymmetric signatures checked against the provider's JWKS are accepted;
            // "none" and HMAC (keyed with the client secret) would let others forge tokens.
            failures.Add($"{Prefix}SigningAlgorithms accepts asymmetric algorithms only (e.g. ES256, RS256, PS256).");
        }

        if (string.IsNullOrWhiteSpace(options.StepUpAcrValues))
        {
            failures.Add($"{Prefix}StepUpAcrValues is required.");
        }

        if (!options.PostLogoutRedirectPath.StartsWith('/') || options.PostLogoutRedirectPath.StartsWith("//", StringComparison.Ordinal))
        {
            failures.Add($"{Prefix}PostLogoutRedirectPath must be a path on this site, starting with '/'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
