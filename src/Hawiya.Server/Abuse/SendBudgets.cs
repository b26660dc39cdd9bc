using System.Net;
using Hawiya.Contracts.Abuse;
using Hawiya.Contracts.Common;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Abuse;

/// <summary>Who asked for a one-time code: the provider whose login it is, and the client's address.</summary>
public sealed record SendOrigin(string ClientId, IPAddress? ClientIp);

/// <summary>
/// Decides whether a one-time code may be sent, before anything reaches a gateway: destination
/// allowed, then the budgets per recipient, prefix and IP (one grain each, in parallel; none is
/// hot), then per provider and per country (leased, see <see cref="BudgetLeases"/>).
/// </summary>
/// <remarks>
/// SECURITY: the same grains are asked whether the citizen exists or not. A citizen with no
/// destination (unknown, not enrolled, locked) is counted under a stand-in key (the citizen's
/// pseudonymous key), so the budgets refuse after as many requests either way and the page
/// cannot tell the two apart.
/// </remarks>
public sealed class SendBudgets(IGrainFactory grains, BudgetLeases leases, PseudonymKeys keys, IOptions<SendBudgetOptions> settings)
{
    public const string PerRecipient = "per_recipient";
    public const string PerPrefix = "per_prefix";
    public const string PerIp = "per_ip";
    public const string PerProvider = "per_provider";
    public const string PerCountry = "per_country";
    public const string PerCitizen = "per_citizen";

    /// <summary>Null when the code may be sent; otherwise the budget or destination rule that refused it.</summary>
    public async Task<string?> RefusalAsync(AuthMethod channel, string? destination, string standIn, SendOrigin origin)
    {
        var options = settings.Value;
        var ip = origin.ClientIp?.ToString() ?? "unknown";
        if (channel == AuthMethod.Email)
        {
            var email = options.Email;
            var refusedEarly = await FirstRefusalAsync(
                (PerRecipient, Take("email-address:" + keys.Budget("email", destination ?? standIn), email.PerAddress)),
                (PerIp, Take("email-ip:" + keys.Budget("ip", ip), email.PerIp)));
            if (refusedEarly is not null)
            {
                return refusedEarly;
            }

            return await leases.TryTakeAsync("email-provider:" + origin.ClientId, email.PerProvider, options.LeaseSize) ? null : PerProvider;
        }

        var place = destination is null ? null : SmsDestinations.Classify(destination, options);
        if (place is { Allowed: false })
        {
            return place.Refusal;
        }

        // The number and its prefix in one call, the IP beside it; refusals named in that order.
        var numberAndPrefix = TakeNumberAndPrefixAsync(keys.Budget("number", destination ?? standIn), keys.Budget("prefix", place?.Prefix ?? standIn), options);
        var byIp = Take("sms-ip:" + keys.Budget("ip", ip), options.PerIp);
        await Task.WhenAll(numberAndPrefix, byIp);
        var refused = numberAndPrefix.Result ?? (byIp.Result ? null : PerIp);
        if (refused is not null)
        {
            return refused;
        }

        if (!await leases.TryTakeAsync("sms-provider:" + origin.ClientId, options.PerProvider, options.LeaseSize))
        {
            return PerProvider;
        }

        // Without a destination, the code counts against the first allow-listed country, as a real one would.
        var country = place?.CountryCode ?? options.Countries.Keys.First();
        return await leases.TryTakeAsync("sms-country:" + country, options.Countries[country].Budget, options.LeaseSize) ? null : PerCountry;
    }

    /// <summary>
    /// A code proving a new phone number or address (<c>/citizen/api</c> and <c>/app</c>). SECURITY:
    /// these go to any destination the caller names, so they are budgeted per citizen first, then
    /// exactly as login codes are (destination, prefix, IP, provider, country): no SMS pumping.
    /// </summary>
    public async Task<string?> ContactRefusalAsync(AuthMethod channel, string destination, string citizenKey, SendOrigin origin)
    {
        if (!await Take("contact-citizen:" + keys.Budget("citizen", citizenKey), settings.Value.ContactPerCitizen))
        {
            return PerCitizen;
        }

        return await RefusalAsync(channel, destination, citizenKey, origin);
    }

    /// <summary>
    /// The number's budget and its prefix's, in one call to the prefix's grain, which counts its
    /// numbers (a number has one prefix): the number's refusal is named first, as before.
    /// </summary>
    private async Task<string?> TakeNumberAndPrefixAsync(string number, string prefix, SendBudgetOptions options)
    {
        var grant = await grains.GetGrain<ISendBudgetGrain>("sms-prefix:" + prefix).TakeWithMemberAsync(
            number, options.PerPrefix.Limit, options.PerPrefix.Window, options.PerNumber.Limit, options.PerNumber.Window);
        return !grant.Member ? PerRecipient : !grant.Own ? PerPrefix : null;
    }

    private async Task<bool> Take(string key, Budget budget) =>
        (await grains.GetGrain<ISendBudgetGrain>(key).TakeAsync(1, budget.Limit, budget.Window)).Granted > 0;

    private static async Task<string?> FirstRefusalAsync(params (string Name, Task<bool> Allowed)[] checks)
    {
        await Task.WhenAll(checks.Select(c => c.Allowed));
        return checks.FirstOrDefault(c => !c.Allowed.Result).Name;
    }
}
