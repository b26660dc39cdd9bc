using Microsoft.Extensions.Options;

namespace Hawiya.Server.Revocation;

public static class RevocationServiceExtensions
{
    /// <summary>
    /// The card CA's PKI (loaded, or created in Development, at start), this silo's copy of the
    /// revocation list with its OCSP responder, and the CRL publisher.
    /// </summary>
    public static IHostApplicationBuilder AddHawiyaRevocation(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<PkiSettings>().BindConfiguration(PkiSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<IValidateOptions<PkiSettings>, PkiSettingsValidation>();
        services.AddSingleton<CardCaPki>();
        services.AddSingleton<RevocationMirror>();
        services.AddSingleton<CrlPublisher>();
        services.AddSingleton<OcspExchange>();
        // After the silo (registered earlier by AddHawiyaSilo): its first refresh finds the cluster up.
        services.AddHostedService<RevocationRefreshService>();
        return builder;
    }
}
