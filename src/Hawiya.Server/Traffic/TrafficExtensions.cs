using Hawiya.Server.Oidc.Handlers;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Traffic;

public static class TrafficExtensions
{
    /// <summary>Provider quotas, overload protection, and the counts shown in the cluster view.</summary>
    public static IHostApplicationBuilder AddHawiyaTrafficControl(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<TrafficSettings>().BindConfiguration(TrafficSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.PriorityReserve < s.MaxConcurrentRequests, $"{TrafficSettings.Section}:PriorityReserve must be below MaxConcurrentRequests.")
            .ValidateOnStart();
        services.AddSingleton(sp => new ProviderQuotas(
            sp.GetRequiredService<IGrainFactory>(),
            sp.GetRequiredService<IOptions<TrafficSettings>>(),
            sp.GetRequiredService<TimeProvider>(),
            () => Math.Max(1, sp.GetRequiredService<IClusterMembershipService>().CurrentSnapshot.Members.Values.Count(m => m.Status == SiloStatus.Active))));
        services.AddSingleton<IProviderQuotaCharge, ProviderQuotaCharge>();
        services.AddSingleton<LoadShedder>();
        services.AddSingleton<TrafficStats>();
        services.AddSingleton<TrafficReporter>();
        services.AddHostedService(sp => sp.GetRequiredService<TrafficReporter>());
        return builder;
    }

    /// <summary>Goes first in the pipeline, so refused requests cost nothing else.</summary>
    public static IApplicationBuilder UseHawiyaTrafficControl(this IApplicationBuilder app) => app.UseMiddleware<TrafficControlMiddleware>();
}
