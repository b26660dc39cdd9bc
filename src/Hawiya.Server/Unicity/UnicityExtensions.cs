using Hawiya.Contracts.Unicity;
using Hawiya.Server.Hosting;
using Hawiya.Server.Oidc.Endpoints;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Unicity;

public static class UnicityExtensions
{
    /// <summary>Anonymous polls: the authorization parameter, the ID token claim, the provider API.</summary>
    public static IHostApplicationBuilder AddHawiyaUnicity(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<UnicitySettings>().BindConfiguration(UnicitySettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<UnicitySettings>, UnicitySettingsValidation>();
        services.AddSingleton(sp => new UnicityKeys(DevelopmentSecrets.ReadKey(sp.GetRequiredService<IOptions<UnicitySettings>>().Value.PseudonymKey)));
        services.AddSingleton<UnicityRegistry>();
        services.AddSingleton<ILoginContributor, UnicityAtLogin>();

        services.AddSingleton<AccessTokens>();
        services.AddOpenIddict().AddServer(server =>
        {
            server.RegisterClaims(UnicityAtLogin.Claim);
            server.AddEventHandler(ValidateUnicityContext.AuthorizationDescriptor)
                .AddEventHandler(ValidateUnicityContext.PushedDescriptor)
                .AddEventHandler(UnicityDiscoveryMetadata.Descriptor);
        });
        return builder;
    }
}
