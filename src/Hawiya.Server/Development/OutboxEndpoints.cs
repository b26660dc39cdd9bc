using Hawiya.Gateways.Outbox;

namespace Hawiya.Server.Development;

/// <summary>
/// Development only: what the outbox kept instead of sending, so a newcomer (or the load
/// generator) can read an SMS or email code. Never mapped outside Development, where no
/// outbox exists either (the gateways refuse it).
/// </summary>
public static class OutboxEndpoints
{
    public static IEndpointRouteBuilder MapDevelopmentOutbox(this IEndpointRouteBuilder endpoints, IHostEnvironment environment)
    {
        if (!environment.IsDevelopment())
        {
            return endpoints;
        }

        endpoints.MapGet("/dev/outbox", (string? to, string? channel, IServiceProvider services) =>
        {
            if (services.GetService<InMemoryOutbox>() is not { } outbox)
            {
                return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No development outbox is configured.");
            }

            if (string.IsNullOrWhiteSpace(to) || !Enum.TryParse<OutboxChannel>(channel ?? "Sms", ignoreCase: true, out var kind))
            {
                return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid_request",
                    detail: "Give the recipient as ?to=+212600000001 (and optionally &channel=sms|email|push).");
            }

            return Results.Ok(outbox.GetMessages(kind, to).Select(m => new { m.Channel, m.Recipient, m.Subject, m.Body, m.Data, m.SentAt }));
        });
        return endpoints;
    }
}
