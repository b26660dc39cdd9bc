namespace Hawiya.Server.Cards;

public static class CardBridgeExtensions
{
    /// <summary>The card login's server side: trust in readers and cards, the proof checks, the reader bridge.</summary>
    public static IServiceCollection AddHawiyaCardBridge(this IServiceCollection services)
    {
        services.AddSingleton<CardTrust>();
        services.AddSingleton<CardProofVerifier>();
        services.AddSingleton<EdgeBridge>();
        services.AddOptions<EdgeBridgeSettings>().BindConfiguration(EdgeBridgeSettings.Section).ValidateDataAnnotations()
            .Validate(s => s.MaxConnectionsPerIp <= s.MaxConnections, $"{EdgeBridgeSettings.Section}:MaxConnectionsPerIp must not exceed MaxConnections.")
            .ValidateOnStart();
        services.AddSingleton<EdgeConnections>();
        services.AddOptions<ReaderTrustSettings>().BindConfiguration(ReaderTrustSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }

    /// <summary><c>/edge/connect</c>: the reader agents' WebSocket; <c>/edge/events</c>: offline kits' sync.</summary>
    public static IEndpointRouteBuilder MapHawiyaCardBridge(this WebApplication app)
    {
        // Keep-alive pings keep idle agents' connections through proxies and detect dead peers.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.FromSeconds(20) });
        app.Map("/edge/connect", (HttpContext http, EdgeBridge bridge) => bridge.HandleAsync(http));
        app.MapPost("/edge/events", KitEventsEndpoint.HandleAsync);
        return app;
    }
}
