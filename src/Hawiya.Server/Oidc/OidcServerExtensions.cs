using Hawiya.Gateways;
using Hawiya.Server.Oidc.Assertions;
using Hawiya.Server.Oidc.Release;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Oidc.Handlers;
using Hawiya.Server.Oidc.Keys;
using Hawiya.Server.Oidc.Managers;
using Hawiya.Server.Oidc.Stores;
using Hawiya.Server.Keys;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace Hawiya.Server.Oidc;

public static class OidcServerExtensions
{
    /// <summary>The OpenID Provider: OpenIddict with its stores on grains, the login flow and its gateways.</summary>
    public static IHostApplicationBuilder AddHawiyaOidc(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        var development = builder.Environment.IsDevelopment();
        services.AddOptions<OidcSettings>().BindConfiguration(OidcSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<OidcSettings>, OidcSettingsValidation>();
        services.AddSingleton<SharedKeyTable>();
        services.AddHawiyaHsm();
        services.AddSingleton(sp => OidcKeyRing.Load(
            sp.GetRequiredService<IOptions<OidcSettings>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<SharedKeyTable>,
            sp.GetRequiredService<IOptions<Hawiya.Hsm.HsmSettings>>().Value.IsConfigured ? sp.GetRequiredService<PlatformKeys> : null));
        services.AddSingleton<IdentitySeal>();
        services.AddSingleton<ClaimRelease>();
        services.AddSingleton<LoginFlowCookie>();
        services.AddSingleton<LoginSteps>();
        services.AddSingleton<ScopeDescriptions>();
        services.AddSingleton<Consents>();
        services.AddSingleton<AuthorizationFlow>();
        services.AddSingleton<LoginPageEndpoint>();
        services.AddSingleton<Lanes.ClientCredentialsLane>();
        services.AddSingleton<ClientAssertionReplay>();
        services.AddRequestProviders();
        services.AddHawiyaGateways(builder.Configuration, builder.Environment);
        // After the silo (registered earlier): its grains are reachable when this starts.
        services.AddHostedService<ScopeDefaults>();

        // Cookies and protected payloads must open on every silo: one key ring, in PostgreSQL.
        services.AddDataProtection().SetApplicationName("Hawiya");
        // SECURITY: each key's secret is wrapped (AES-256-GCM) before it reaches the table (issue 26, finding 9).
        services.AddOptions<KeyRingSettings>().BindConfiguration(KeyRingSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<KeyRingSettings>, KeyRingSettingsValidation>();
        services.AddSingleton<KeyRingKeys>();
        services.AddOptions<KeyManagementOptions>().Configure<SharedKeyTable, KeyRingKeys>((o, keys, wrapping) =>
        {
            o.XmlRepository = new DataProtectionKeyRepository(keys);
            o.XmlEncryptor = new AesGcmXmlEncryptor(wrapping);
        });
        services.AddAuthentication().AddSingleSignOnCookie(secure: !development);

        services.AddOpenIddict()
            .AddCore(core =>
            {
                core.SetDefaultApplicationEntity<OidcApplication>()
                    .SetDefaultAuthorizationEntity<OidcAuthorization>()
                    .SetDefaultScopeEntity<OidcScope>()
                    .SetDefaultTokenEntity<OidcToken>();
                core.ReplaceApplicationStore<OidcApplication, GrainApplicationStore>(ServiceLifetime.Scoped)
                    .ReplaceAuthorizationStore<OidcAuthorization, GrainAuthorizationStore>(ServiceLifetime.Scoped)
                    .ReplaceScopeStore<OidcScope, GrainScopeStore>(ServiceLifetime.Singleton)
                    .ReplaceTokenStore<OidcToken, GrainTokenStore>(ServiceLifetime.Scoped);
                core.ReplaceApplicationManager<OidcApplication, HawiyaApplicationManager>()
                    .ReplaceTokenManager<OidcToken, HawiyaTokenManager>();
                // The grains are the cache: a suspension or revocation is seen by every silo at once.
                core.DisableEntityCaching();
            })
            .AddServer(server =>
            {
                server.SetAuthorizationEndpointUris("connect/authorize")
                    .SetPushedAuthorizationEndpointUris("connect/par")
                    .SetTokenEndpointUris("connect/token")
                    .SetUserInfoEndpointUris("connect/userinfo")
                    .SetIntrospectionEndpointUris("connect/introspect")
                    .SetRevocationEndpointUris("connect/revoke")
                    .SetEndSessionEndpointUris("connect/endsession")
                    .SetJsonWebKeySetEndpointUris(".well-known/jwks");
                server.AllowAuthorizationCodeFlow().AllowRefreshTokenFlow().AllowClientCredentialsFlow();
                server.RequireProofKeyForCodeExchange();
                server.EnableAuthorizationRequestCaching();
                server.RegisterScopes([.. ScopeCatalog.All.Select(s => s.Name)]);
                server.RegisterClaims([.. ScopeCatalog.SupportedClaims]);
                // RFC 6819 §5.2.2.3: a rotated refresh token used again revokes the family, with no grace period.
                server.SetRefreshTokenReuseLeeway(TimeSpan.Zero);
                // Access tokens are signed JWTs that resource servers verify with the JWKS; they carry no personal data.
                server.DisableAccessTokenEncryption();
                server.Configure(o =>
                {
                    // RFC 9700 §2.1.1: the plain method offers no protection; S256 only.
                    o.CodeChallengeMethods.Remove(CodeChallengeMethods.Plain);
                    o.SubjectTypes.Clear();
                    o.SubjectTypes.Add(SubjectTypes.Pairwise);
                    // Account selection is not a thing here: one card, one citizen.
                    o.PromptValues.Remove(PromptValues.SelectAccount);
                    // OAuth 2.0 Multiple Response Types §3: the code goes in the query (or a form post), never a fragment.
                    o.ResponseModes.Remove(ResponseModes.Fragment);
                });
                server.AddEventHandler(RequireStateAndNonce.AuthorizationDescriptor)
                    .AddEventHandler(RequireStateAndNonce.PushedDescriptor)
                    .AddEventHandler(RequireClientForPostLogoutRedirect.Descriptor)
                    .AddEventHandler(RedirectRefusalsToTheClient.Descriptor)
                    .AddEventHandler(RefuseUnaccreditedScopes.AuthorizationDescriptor)
                    .AddEventHandler(RefuseUnaccreditedScopes.PushedDescriptor)
                    .AddEventHandler(ValidateClaimsParameter.AuthorizationDescriptor)
                    .AddEventHandler(ValidateClaimsParameter.PushedDescriptor)
                    .AddEventHandler(StoreOnlyRedeemableTokens.Descriptor)
                    .AddEventHandler(WriteRedemptionWithItsSuccessor.SignInDescriptor)
                    .AddEventHandler(WriteRedemptionWithItsSuccessor.TokensMadeDescriptor)
                    .AddEventHandler(WriteRedemptionWithItsSuccessor.ResponseDescriptor)
                    .AddEventHandler(WriteRedemptionWithItsSuccessor.AuthorizationResponseDescriptor)
                    .AddEventHandler(ChooseSigningKey.Descriptor)
                    .AddEventHandler(PublishLiveKeysOnly.Descriptor)
                    .AddEventHandler(ProviderTokenClaims.Descriptor)
                    .AddEventHandler(ReadTheSessionOfAccessTokens.Descriptor)
                    .AddEventHandler(CheckTheSessionOfEntrylessTokens.Descriptor)
                    .AddEventHandler(HandleTokenRequest.Descriptor)
                    .AddEventHandler(HandleUserInfoRequest.Descriptor)
                    .AddEventHandler(AddLevelToIntrospection.Descriptor)
                    .AddEventHandler(DiscoveryMetadata.Descriptor)
                    .AddEventHandler(ShowAuthorizationErrorsAsPages.Descriptor);
                // Client authentication (RFC 6749 §2.3, RFC 7523, OIDC Core §9): see docs/integration.md.
                server.AddEventHandler(AcceptClientAssertionTypes.Descriptor)
                    .AddEventHandler(RestoreClientAssertionType.Descriptor)
                    .AddEventHandler(CheckClientAssertionAudience.Descriptor)
                    .AddEventHandler(CheckClientAssertionClaims.Descriptor)
                    .AddEventHandler(RequireRegisteredClientAuthentication.Descriptor);
                server.RemoveEventHandler(ExtractUserInfoRequest.Replaced)
                    .AddEventHandler(ExtractUserInfoRequest.Descriptor);
                foreach (var charge in ChargeVerifiedClient.Descriptors)
                {
                    server.AddEventHandler(charge);
                }

                server.ReuseVerifiedRequestTokens();
                server.AddEventHandler(LoginStart.CarryTheStart.Descriptor)
                    .AddEventHandler(LoginStart.ServeTheFirstPage.Descriptor);
                server.RemoveEventHandler(OpenIddictServerHandlers.Protection.AttachTokenPayload.Descriptor)
                    .AddEventHandler(AttachRoutableTokenPayload.Descriptor);
                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableEndSessionEndpointPassthrough();
                if (development)
                {
                    // Development runs on http://127.0.0.1; anywhere else TLS is required.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        // Indexed dispatch: see IndexedServerDispatcher and docs/benchmarks.md.
        // The collection is read when the index is first resolved, once every registration is in.
        services.AddSingleton(sp => new ServerHandlerIndex(
            sp.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>(), sp, ServerHandlerIndex.Singletons(services)));
        services.Replace(ServiceDescriptor.Scoped<IOpenIddictServerDispatcher, IndexedServerDispatcher>());

        services.AddOptions<OpenIddictServerOptions>().Configure<OidcKeyRing, IOptions<OidcSettings>>((o, ring, settings) =>
        {
            foreach (var key in ring.SigningKeys.Select(k => k.Key))
            {
                var algorithm = key is RsaSecurityKey ? SecurityAlgorithms.RsaSha256 : SecurityAlgorithms.EcdsaSha256;
                o.SigningCredentials.Add(new SigningCredentials(key, algorithm));
            }

            o.EncryptionCredentials.Add(new EncryptingCredentials(ring.EncryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
            var s = settings.Value;
            o.Issuer = s.Issuer;
            o.AuthorizationCodeLifetime = s.AuthorizationCodeLifetime;
            o.AccessTokenLifetime = s.AccessTokenLifetime;
            o.IdentityTokenLifetime = s.IdentityTokenLifetime;
            o.RefreshTokenLifetime = s.RefreshTokenLifetime;
            o.RequestTokenLifetime = s.RequestLifetime;
        });
        return builder;
    }

    public static IEndpointRouteBuilder MapHawiyaOidc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapMethods("/connect/authorize", [HttpMethods.Get, HttpMethods.Post], (HttpContext http, AuthorizationFlow flow) => flow.HandleAsync(http));
        endpoints.MapPost(LoginPageEndpoint.Path, (HttpContext http, LoginPageEndpoint pages) => pages.HandleAsync(http));
        endpoints.MapMethods("/connect/endsession", [HttpMethods.Get, HttpMethods.Post], EndSession.HandleAsync);
        return endpoints;
    }
}
