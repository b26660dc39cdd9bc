using Hawiya.Grains.Credentials;
using Hawiya.Grains.Sessions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hawiya.Grains;

public static class GrainServices
{
    /// <summary>The services grains depend on; settings keep their defaults unless the host binds them.</summary>
    public static IServiceCollection AddHawiyaGrains(this IServiceCollection services)
    {
        services.AddOptions<PasswordHashingOptions>();
        services.AddOptions<PasswordPolicyOptions>();
        services.AddOptions<LevelOptions>();
        services.AddOptions<Devices.PushOptions>();
        services.AddOptions<Journal.AlertOptions>();
        services.TryAddSingleton<Journal.AlertDispatcher>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IPasswordHasher, Argon2PasswordHasher>();
        services.TryAddSingleton<PasswordPolicy>();
        services.TryAddSingleton<LevelPolicy>();
        services.AddOptions<Citizens.Sealing.ContactSealOptions>();
        services.TryAddSingleton<Citizens.Sealing.ContactSeal>();
        services.TryAddSingleton<Citizens.Sealing.ContactSealHooks>();
        return services;
    }
}
