using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Hawiya.KeyRing;

public static class SharedKeyRingExtensions
{
    /// <summary>
    /// Data Protection under <paramref name="applicationName"/> (the same in every instance of the
    /// app, another for each app), with its key ring in PostgreSQL wrapped by the configured keys
    /// when <c>KeyRing:ConnectionString</c> is set, so a cookie one instance sealed opens on any other.
    /// </summary>
    public static IDataProtectionBuilder AddSharedKeyRing(this IServiceCollection services, string applicationName)
    {
        services.AddOptions<SharedKeyRingSettings>().BindConfiguration(SharedKeyRingSettings.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<SharedKeyRingSettings>, SharedKeyRingSettingsValidation>();
        services.AddSingleton<KeyRingKeys>();
        services.AddSingleton(sp =>
        {
            var settings = sp.GetRequiredService<IOptions<SharedKeyRingSettings>>().Value;
            return new KeyRingStore(settings.IsShared ? new PostgresXmlRepository(settings.ConnectionString!, applicationName) : null);
        });
        services.AddOptions<KeyManagementOptions>().Configure<KeyRingStore, KeyRingKeys>((options, store, keys) =>
        {
            if (store.Repository is { } repository)
            {
                options.XmlRepository = repository;
                options.XmlEncryptor = new AesGcmXmlEncryptor(keys);
            }
        });
        return services.AddDataProtection().SetApplicationName(applicationName);
    }
}

/// <summary>The shared repository, or none for a single instance; disposed with the app's services.</summary>
internal sealed class KeyRingStore(PostgresXmlRepository? repository) : IDisposable
{
    public PostgresXmlRepository? Repository { get; } = repository;

    public void Dispose() => Repository?.Dispose();
}
