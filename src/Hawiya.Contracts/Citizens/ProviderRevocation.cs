namespace Hawiya.Contracts.Citizens;

/// <summary>What withdrawing a provider's access did: the consent removed, and how many login sessions were revoked.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.ProviderRevocation")]
public sealed record ProviderRevocation
{
    [Id(0)] public required bool ConsentRemoved { get; init; }
    [Id(1)] public required int SessionsRevoked { get; init; }
}
