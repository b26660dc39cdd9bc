using Hawiya.Hsm;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Keys;

public static class HsmHostingExtensions
{
    /// <summary>
    /// The PKCS#11 token (<c>Hawiya:Hsm</c>) and the platform's keys in it. The token is opened when
    /// the first key is needed (the OIDC key ring, the receipt signer), never at registration.
    /// </summary>
    public static IServiceCollection AddHawiyaHsm(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(PlatformKeys)))
        {
            return services;
        }

        services.AddOptions<HsmSettings>().BindConfiguration(HsmSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<HsmSettings>, HsmSettingsValidation>();
        services.AddSingleton(sp => HsmToken.Open(sp.GetRequiredService<IOptions<HsmSettings>>().Value));
        services.AddSingleton<PlatformKeys>();
        return services;
    }
}
