using Hawiya.Grains.Journal;
using Hawiya.Grains.Logout;
using Hawiya.Receipts;
using Hawiya.Server.Citizens.Alerts;
using Hawiya.Server.Citizens.Receipts;
using Hawiya.Server.Keys;
using Hawiya.Server.Oidc.Endpoints;
using Hawiya.Server.Oidc.Keys;
using OpenIddict.Server;

namespace Hawiya.Server.Citizens;

public static class CitizenProtectionExtensions
{
    /// <summary>Receipts of each authentication, alerts, "not me", back-channel logout to providers.</summary>
    public static IHostApplicationBuilder AddCitizenProtection(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ReceiptSettings>().BindConfiguration(ReceiptSettings.Section).ValidateOnStart();
        services.AddSingleton<Microsoft.Extensions.Options.IValidateOptions<ReceiptSettings>, ReceiptSettingsValidation>();
        services.AddHawiyaHsm();
        services.AddSingleton(sp => ReceiptKeys.Load(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<ReceiptSettings>>().Value,
            sp.GetRequiredService<IHostEnvironment>(),
            sp.GetRequiredService<SharedKeyTable>,
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hawiya.Hsm.HsmSettings>>().Value.IsConfigured ? sp.GetRequiredService<PlatformKeys> : null,
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReceiptSigner>(sp => sp.GetRequiredService<ReceiptKeys>().Signer);
        // Each login's use and receipt, written as its code is issued (Oidc/Endpoints/ILoginContributor).
        services.AddSingleton<ILoginContributor, UseReceipts>();
        // Discovery §3: the receipt id is a claim of the ID token.
        services.Configure<OpenIddictServerOptions>(o => o.Claims.Add(ReceiptNames.IdTokenClaim));

        services.AddOptions<AlertOptions>().BindConfiguration(AlertOptions.Section)
            .Validate(o => o.CoalescingWindow >= TimeSpan.FromMinutes(1) && o.MaxAttempts >= 1, "Hawiya:Alerts: CoalescingWindow at least a minute, MaxAttempts at least 1.")
            .ValidateOnStart();
        services.AddOptions<PortalLinkSettings>().BindConfiguration(PortalLinkSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IAlertSender, AlertDelivery>();

        services.AddSingleton<LogoutTokenSender>();
        services.AddSingleton<IBackchannelLogoutSender>(sp => sp.GetRequiredService<LogoutTokenSender>());
        services.AddSingleton<NotMe>();
        // §2.5: server to server; a provider that does not answer quickly is retried later.
        services.AddHttpClient(LogoutTokenSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return builder;
    }

    public static IEndpointRouteBuilder MapCitizenProtection(this IEndpointRouteBuilder endpoints) => endpoints.MapReceipts();
}
