using Hawiya.Grains.Logout;

namespace Hawiya.Server.Citizens;

public static class CitizenProtectionExtensions
{
    /// <summary>"Not me", back-channel logout to providers.</summary>
    public static IServiceCollection AddCitizenProtection(this IServiceCollection services)
    {
        services.AddSingleton<LogoutTokenSender>();
        services.AddSingleton<IBackchannelLogoutSender>(sp => sp.GetRequiredService<LogoutTokenSender>());
        services.AddSingleton<NotMe>();
        // §2.5: server to server; a provider that does not answer quickly is retried later.
        services.AddHttpClient(LogoutTokenSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        return services;
    }
}
