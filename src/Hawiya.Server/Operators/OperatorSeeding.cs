using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Providers;
using Hawiya.Grains.Credentials;
using Hawiya.Server.Citizens;
using Hawiya.Server.Oidc.Managers;
using Hawiya.Server.Oidc.Release;

namespace Hawiya.Server.Operators;

/// <summary>Bulk registration of citizens, cards and providers through their grains.</summary>
public sealed class OperatorSeeding(IGrainFactory grains, PseudonymKeys keys, IPasswordHasher passwords, PasswordPolicy policy, IdentitySeal seal)
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

        if (seed.Phone is { } phone && !IsE164(phone))
        {
            return new SeedFailure(index, "invalid_phone", "Phone numbers are E.164: + and 8 to 15 digits.");
        }

        // A ready hash (bulk preparation) was checked where its password was chosen; a password is checked here.
        if (seed.Password is { } chosen && policy.Check(chosen, number, seed.Phone, seed.Email) is var refusal and not PasswordRefusal.None)
        {
            return new SeedFailure(index, "weak_password", PasswordPolicyTexts.Describe(refusal));
        }

        var citizenKey = keys.Citizen(number);
        var passwordHash = seed.PasswordHash ?? (seed.Password is { } password ? await passwords.HashAsync(password) : null);
        var result = await grains.GetGrain<ICitizenGrain>(citizenKey).ImportAsync(new CitizenImport
        {
            Methods = seed.Methods ?? [],
            Activate = seed.Activate,
            Credentials = new CitizenCredentials
            {
                PasswordHash = passwordHash,
                Phone = seed.Phone,
                Email = seed.Email,
                SealedIdentity = seed.Identity is { } identity ? seal.Seal(identity, citizenKey) : null,
            },
        });
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
        var registered = current.Status is ProviderStatus.Unknown or ProviderStatus.Requested
            ? await provider.RegisterAsync(ToRegistration(seed))
            : await provider.UpdateRegistrationAsync(ToRegistration(seed));
        if (!registered.Succeeded)
        {
            return Failure(index, registered.Error.ToString(), registered.Detail);
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
        // SECURITY: only the digest of the secret is stored (see HawiyaApplicationManager).
        ClientSecretHash = seed.ClientSecret is null ? null : HawiyaApplicationManager.Digest(seed.ClientSecret),
        Jwks = seed.Jwks,
        Quota = seed.Quota,
        BackchannelLogoutUri = seed.BackchannelLogoutUri,
        IdTokenSignedResponseAlg = seed.IdTokenSignedResponseAlg,
        Unicity = seed.Unicity,
    };

    private static SeedFailure Failure(int index, string error, string? detail) => new(index, error, detail);

    private static bool IsE164(string phone) =>
        phone is { Length: >= 9 and <= 16 } && phone[0] == '+' && phone.AsSpan(1).IndexOfAnyExceptInRange('0', '9') < 0;

    private static async Task<SeedReport> RunAsync<T>(
        IReadOnlyList<T> items, Func<T, int, Task<SeedFailure?>> seed, CancellationToken cancellationToken)
    {
        var failures = new ConcurrentBag<SeedFailure>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, items.Count), options, async (i, _) =>
        {
            try
            {
                if (await seed(items[i], i) is { } failure)
                {
                    failures.Add(failure);
                }
            }
            catch (Exception e) when (e is OrleansException or TimeoutException or Npgsql.NpgsqlException or Orleans.Storage.InconsistentStateException)
            {
                // One item that storage could not take fails alone; the batch reports it and goes on.
                failures.Add(new SeedFailure(i, "storage_unavailable", "Storage did not take this item; send it again."));
            }
        });
        return new SeedReport(items.Count - failures.Count, failures.OrderBy(f => f.Index).ToArray());
    }
}
