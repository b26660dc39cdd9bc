using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;
using Hawiya.Contracts.Providers;

namespace Hawiya.Server.CitizenApi;

/// <summary>What the citizen reads: their profile, the activity of their identity, their consents, their alert channels.</summary>
internal static class CitizenReadEndpoints
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/profile", async (HttpContext http, IGrainFactory grains) => Results.Ok(await ProfileAsync(grains, http.Caller())));

        api.MapGet("/activity", async (HttpContext http, IGrainFactory grains, string? before, string? count) =>
        {
            long? from = null;
            if (before is not null)
            {
                if (!long.TryParse(before, out var parsed) || parsed < 1)
                {
                    return CitizenProblems.BadRequest("invalid_request", "before must be a positive sequence number.");
                }

                from = parsed;
            }

            var size = DefaultPageSize;
            if (count is not null && (!int.TryParse(count, out size) || size is < 1 or > MaxPageSize))
            {
                return CitizenProblems.BadRequest("invalid_request", $"count must be between 1 and {MaxPageSize}.");
            }

            var page = await grains.GetGrain<ICitizenJournalGrain>(http.Caller().CitizenKey).ListAsync(from, size);
            var names = await ProviderNamesAsync(grains, page.Entries.Select(e => e.Event.ClientId));
            return Results.Ok(new ActivityView(
                [.. page.Entries.Select(e => new ActivityEntryView(
                    e.Sequence, e.Event.Kind, e.Event.At, e.Event.ClientId,
                    e.Event.ClientId is { } id ? names[id] : null,
                    e.Event.Level is { } level and not LevelOfAssurance.None ? level.ToAcr() : null,
                    e.Event.Methods, e.Event.ReleasedClaims, e.Event.Place, e.Event.Detail))],
                page.Next));
        });

        api.MapGet("/consents", async (HttpContext http, IGrainFactory grains) =>
        {
            var consents = await grains.GetGrain<ICitizenGrain>(http.Caller().CitizenKey).GetConsentsAsync();
            var names = await ProviderNamesAsync(grains, consents.Select(c => c.ClientId));
            return Results.Ok(consents.Select(c => new ConsentView(c.ClientId, names[c.ClientId], c.Scopes, c.Claims, c.GrantedAt)).ToArray());
        });

        api.MapGet("/alerts", async (HttpContext http, IGrainFactory grains) =>
        {
            var preferences = await grains.GetGrain<ICitizenJournalGrain>(http.Caller().CitizenKey).GetAlertPreferencesAsync();
            return Results.Ok(new AlertPreferencesView(preferences.Use, preferences.NewMethod, preferences.CardStatus));
        });
    }

    public static async Task<CitizenProfileView> ProfileAsync(IGrainFactory grains, CitizenCaller caller)
    {
        var citizen = grains.GetGrain<ICitizenGrain>(caller.CitizenKey);
        var snapshot = await citizen.GetAsync();
        var contacts = await citizen.GetLoginProfileAsync();
        var cards = await Task.WhenAll(snapshot.CardKeys.Select(async key =>
        {
            var card = await grains.GetGrain<ICardGrain>(key).GetAsync();
            return new CardView(key, card.Status, card.RevocationCause, card.Issue?.NotAfter);
        }));
        return new CitizenProfileView(
            snapshot.Status, snapshot.StatusChangedAt,
            [.. snapshot.Methods.Select(m => new MethodView(m.Method, m.Enabled, m.EnrolledAt))],
            contacts.Phone, contacts.Email, cards,
            new LoginView(caller.Level.ToAcr(), caller.AuthTime));
    }

    /// <summary>The display name of each provider named (the client id when it is no longer known).</summary>
    private static async Task<Dictionary<string, string>> ProviderNamesAsync(IGrainFactory grains, IEnumerable<string?> clientIds)
    {
        var ids = clientIds.OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        var snapshots = await Task.WhenAll(ids.Select(id => grains.GetGrain<IServiceProviderGrain>(id).GetAsync()));
        return ids.Zip(snapshots).ToDictionary(p => p.First, p => p.Second.Registration?.DisplayName ?? p.First, StringComparer.Ordinal);
    }
}
