using Hawiya.Gateways.Outbox;

namespace Hawiya.Server.Development;

/// <summary>
/// Development only: what the outbox kept instead of sending, so a newcomer (or the load
/// generator) can read an SMS or email code. Read from the cluster's outbox
/// (<see cref="ClusterOutbox"/>), so any silo behind the balancer answers alike. Never mapped
/// outside Development, where no outbox exists either (the gateways refuse it).
/// </summary>
public static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapDevelopmentOutbox(this IEndpointRouteBuilder endpoints, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return endpoints;
        }

        endpoints.MapGet("/dev/outbox", async (string? to, string? channel, IServiceProvider services) =>
        {
            if (services.GetService<InMemoryOutbox>() is null || services.GetService<ClusterOutbox>() is not { } outbox)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No development outbox is configured.");
            }

            if (string.IsNullOrWhiteSpace(to) || !Enum.TryParse<OutboxChannel>(channel ?? "Sms", ignoreCase: true, out var kind))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid_request",
                    detail: "Give the recipient as ?to=+212600000001 (and optionally &channel=sms|email|push).");
            }

            var messages = await outbox.ReadAsync(kind, to, 20);
            return Results.Ok(messages.Select(m => new { Channel = Enum.Parse<OutboxChannel>(m.Channel), m.Recipient, m.Subject, m.Body, m.Data, m.SentAt }));
        });
        return endpoints;
    }
}
