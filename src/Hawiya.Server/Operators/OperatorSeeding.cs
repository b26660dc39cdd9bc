using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;

namespace Hawiya.Server.Operators;

/// <summary>Bulk registration of citizens, cards and providers through their grains.</summary>
public sealed class OperatorSeeding(IGrainFactory grains, PseudonymKeys keys)
{
    // Enough requests in flight to keep a silo busy without flooding its queues.
    private const int Parallelism = 64;

    public Task<SeedReport> SeedCitizensAsync(IReadOnlyList<CitizenSeed> seeds, CancellationToken cancellationToken) =>
        RunAsync(seeds, SeedCitizenAsync, cancellationToken);

    public Task<SeedReport> SeedCardsAsync(IReadOnlyList<CardSeed> seeds, CancellationToken cancellationToken) =>
        RunAsync(seeds, SeedCardAsync, cancellationToken);

    public Task<SeedReport> SeedProvidersAsync(IReadOnlyList<ProviderSeed> seeds, CancellationToken cancellationToken) =>
        RunAsync(seeds, SeedProviderAsync, cancellationToken);

    private async Task<SeedFailure?> SeedCitizenAsync(CitizenSeed seed, int index)
    {
        if (!NationalNumbers.TryNormalize(seed.NationalNumber, out var number))
        {
            return new SeedFailure(index, "invalid_national_number", "4 to 20 letters or digits.");
        }

        var citizen = grains.GetGrain<ICitizenGrain>(keys.Citizen(number));
        var result = await citizen.RegisterAsync();
        foreach (var method in seed.Methods ?? [])
        {
            result = await citizen.EnrollMethodAsync(method);
            if (!result.Succeeded && result.Error != CitizenError.MethodAlreadyEnrolled)
            {
                return Failure(index, result.Error.ToString(), result.Detail);
            }
        }

        if (seed.Activate)
        {
            result = await citizen.ActivateAsync();
        }

        return result.Succeeded ? null : Failure(index, result.Error.ToString(), result.Detail);
    }

    private async Task<SeedFailure?> SeedCardAsync(CardSeed seed, int index)
    {
        if (!NationalNumbers.TryNormalize(seed.CardNumber, out var cardNumber)
            || !NationalNumbers.TryNormalize(seed.NationalNumber, out var nationalNumber))
        {
            return new SeedFailure(index, "invalid_number", "Card and national numbers are 4 to 20 letters or digits.");
        }

        CardIssue issue;
        try
        {
            var der = Convert.FromBase64String(seed.Certificate);
            using var certificate = X509CertificateLoader.LoadCertificate(der);
            issue = new CardIssue
            {
                HolderKey = keys.Citizen(nationalNumber),
                CertificateSerial = certificate.SerialNumber.TrimStart('0').ToLowerInvariant() is { Length: > 0 } s ? s : "0",
                Certificate = der,
                NotBefore = certificate.NotBefore.ToUniversalTime(),
                NotAfter = certificate.NotAfter.ToUniversalTime(),
            };
        }
        catch (Exception e) when (e is FormatException or CryptographicException)
        {
            return new SeedFailure(index, "invalid_certificate", "The certificate must be base64 DER X.509.");
        }

        var result = await grains.GetGrain<ICardGrain>(keys.Card(cardNumber)).IssueAsync(issue);
        return result.Succeeded ? null : Failure(index, result.Error.ToString(), result.Detail);
    }

    private async Task<SeedFailure?> SeedProviderAsync(ProviderSeed seed, int index)
    {
        if (!ClientIds.IsValid(seed.ClientId))
        {
            return new SeedFailure(index, "invalid_client_id", ClientIds.Rule);
        }

        var provider = grains.GetGrain<IServiceProviderGrain>(seed.ClientId);
        var current = await provider.GetAsync();
        if (current.Status is ProviderStatus.Unknown or ProviderStatus.Requested)
        {
            var registered = await provider.RegisterAsync(ToRegistration(seed));
            if (!registered.Succeeded)
            {
                return Failure(index, registered.Error.ToString(), registered.Detail);
            }
        }

        if (!seed.Accredit)
        {
            return null;
        }

        var accredited = await provider.AccreditAsync();
        return accredited.Succeeded ? null : Failure(index, accredited.Error.ToString(), accredited.Detail);
    }

    public static ProviderRegistration ToRegistration(ProviderSeed seed) => new()
    {
        DisplayName = seed.DisplayName,
        RedirectUris = seed.RedirectUris,
        PostLogoutRedirectUris = seed.PostLogoutRedirectUris ?? [],
        AllowedScopes = seed.AllowedScopes,
        AllowedMethods = seed.AllowedMethods,
        MinimumLevel = seed.MinimumLevel,
        Sector = seed.Sector,
        ClientAuthMethod = seed.ClientAuthMethod,
        // SECURITY: client secrets are high-entropy, so one SHA-256 suffices; only the digest is stored.
        ClientSecretHash = seed.ClientSecret is null ? null : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.ClientSecret))),
        Jwks = seed.Jwks,
        Quota = seed.Quota,
        BackchannelLogoutUri = seed.BackchannelLogoutUri,
    };

    private static SeedFailure Failure(int index, string error, string? detail) => new(index, error, detail);

    private static async Task<SeedReport> RunAsync<T>(
        IReadOnlyList<T> items, Func<T, int, Task<SeedFailure?>> seed, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentBag<SeedFailure>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, _) =>
        {
            if (await seed(items[i], i) is { } failure)
            {
                failures.Add(failure);
            }
        });
        return new SeedReport(items.Count - failures.Count, failures.OrderBy(f => f.Index).ToArray());
    }
}
