using System.Text.Json.Serialization;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Server.Hosting;
using Hawiya.Server.Keys;
using Hawiya.Server.Pages;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Operators;

public static class OperatorEndpoints
{
    public static IServiceCollection AddOperatorApi(this IServiceCollection services)
    {
        services.AddSingleton<OperatorSeeding>();
        services.AddSingleton<SiloWork>();
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        return services;
    }

    public static IEndpointRouteBuilder MapOperatorApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/operator").AddEndpointFilter<OperatorAuthorization>();
        // Counting starts with the silo, not with the first question.
        endpoints.ServiceProvider.GetRequiredService<SiloWork>();

        api.MapGet("/cluster", async (HttpRequest request, IGrainFactory grains, IOptions<ClusterSettings> cluster) =>
        {
            var view = await ClusterView.ReadAsync(grains, cluster.Value.ClusterId);
            return PrefersHtml(request) ? new LoginPageResult(ClusterView.ToHtml(view), StatusCodes.Status200OK) : Results.Ok(view);
        });

        // This silo's own counters (each silo answers for itself): see SiloWork.
        api.MapGet("/work", (SiloWork work, ILocalSiloDetails silo) => Results.Ok(work.Snapshot(silo.Name)));
        // Grain calls by interface and method, when the census is on (GrainCallCensus).
        api.MapGet("/work/calls", (IServiceProvider services) => services.GetService<GrainCallCensus>() is { } census
            ? Results.Ok(census.Snapshot())
            : Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The grain-call census is off", detail: $"Start the silo with {GrainCallCensus.Setting}=true."));

        api.MapPost("/seed", async (SeedDocument document, OperatorSeeding seeding, CancellationToken ct) =>
        {
            // Providers and citizens first: cards attach themselves to their holders.
            var providers = await seeding.SeedProvidersAsync(document.Providers ?? [], ct);
            var citizens = await seeding.SeedCitizensAsync(document.Citizens ?? [], ct);
            var cards = await seeding.SeedCardsAsync(document.Cards ?? [], ct);
            return Results.Ok(new { providers, citizens, cards });
        });
        api.MapPost("/citizens", (CitizenSeed[] seeds, OperatorSeeding seeding, CancellationToken ct) => seeding.SeedCitizensAsync(seeds, ct));
        api.MapPost("/cards", (CardSeed[] seeds, OperatorSeeding seeding, CancellationToken ct) => seeding.SeedCardsAsync(seeds, ct));
        api.MapPost("/providers", (ProviderSeed[] seeds, OperatorSeeding seeding, CancellationToken ct) => seeding.SeedProvidersAsync(seeds, ct));

        api.MapGet("/citizens/{nationalNumber}", async (string nationalNumber, IGrainFactory grains, PseudonymKeys keys) =>
            NationalNumbers.TryNormalize(nationalNumber, out var number)
                ? Results.Ok(await grains.GetGrain<ICitizenGrain>(keys.Citizen(number)).GetAsync())
                : InvalidNumber());

        api.MapGet("/cards/{cardNumber}", async (string cardNumber, IGrainFactory grains, PseudonymKeys keys) =>
            NationalNumbers.TryNormalize(cardNumber, out var number)
                ? Results.Ok(await grains.GetGrain<ICardGrain>(keys.Card(number)).GetAsync())
                : InvalidNumber());

        api.MapPost("/cards/{cardNumber}/revoke", async (string cardNumber, RevokeCardRequest request, IGrainFactory grains, PseudonymKeys keys) =>
        {
            if (!NationalNumbers.TryNormalize(cardNumber, out var number))
            {
                return InvalidNumber();
            }

            var result = await grains.GetGrain<ICardGrain>(keys.Card(number)).RevokeAsync(request.Cause);
            return result.Succeeded ? Results.Ok(result.Snapshot) : Refused(result.Error.ToString(), result.Detail);
        });

        api.MapPost("/cards/{cardNumber}/suspend", (string cardNumber, IGrainFactory grains, PseudonymKeys keys) =>
            CardActionAsync(grains, keys, cardNumber, c => c.SuspendAsync()));
        api.MapPost("/cards/{cardNumber}/resume", (string cardNumber, IGrainFactory grains, PseudonymKeys keys) =>
            CardActionAsync(grains, keys, cardNumber, c => c.ResumeAsync()));

        api.MapGet("/providers/{clientId}", async (string clientId, IGrainFactory grains) =>
            Results.Ok(await grains.GetGrain<IServiceProviderGrain>(clientId).GetAsync()));
        api.MapPost("/providers/{clientId}/accredit", (string clientId, IGrainFactory grains) =>
            ProviderActionAsync(grains, clientId, p => p.AccreditAsync()));
        api.MapPost("/providers/{clientId}/suspend", (string clientId, SuspendProviderRequest request, IGrainFactory grains) =>
            ProviderActionAsync(grains, clientId, p => p.SuspendAsync(request.Reason)));
        api.MapPost("/providers/{clientId}/reinstate", (string clientId, IGrainFactory grains) =>
            ProviderActionAsync(grains, clientId, p => p.ReinstateAsync()));
        api.MapPlatformKeys();
        return endpoints;
    }

    private static async Task<IResult> ProviderActionAsync(
        IGrainFactory grains, string clientId, Func<IServiceProviderGrain, Task<ProviderResult>> action)
    {
        var result = await action(grains.GetGrain<IServiceProviderGrain>(clientId));
        return result.Succeeded ? Results.Ok(result.Snapshot) : Refused(result.Error.ToString(), result.Detail);
    }

    /// <summary>Suspend or resume: published as certificateHold, or lifted, before the answer (RFC 5280 §5.3.1).</summary>
    private static async Task<IResult> CardActionAsync(
        IGrainFactory grains, PseudonymKeys keys, string cardNumber, Func<ICardGrain, Task<CardResult>> action)
    {
        if (!NationalNumbers.TryNormalize(cardNumber, out var number))
        {
            return InvalidNumber();
        }

        var result = await action(grains.GetGrain<ICardGrain>(keys.Card(number)));
        return result.Succeeded ? Results.Ok(result.Snapshot) : Refused(result.Error.ToString(), result.Detail);
    }

    /// <summary>A refused transition: 409 with an RFC 9457 problem naming the typed error.</summary>
    private static IResult Refused(string error, string? detail) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: error, detail: detail,
            extensions: new Dictionary<string, object?> { ["error"] = error });

    private static IResult InvalidNumber() =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "invalid_number",
            detail: "A national or card number is 4 to 20 letters or digits.");

    private static bool PrefersHtml(HttpRequest request) =>
        request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase);
}
