namespace Hawiya.Contracts.Providers;

[GenerateSerializer, Immutable, Alias("hawiya.ProviderSnapshot")]
public sealed record ProviderSnapshot
{
    [Id(0)] public required string ClientId { get; init; }
    [Id(1)] public required ProviderStatus Status { get; init; }
    [Id(2)] public ProviderRegistration? Registration { get; init; }
    [Id(3)] public DateTimeOffset? StatusChangedAt { get; init; }
    [Id(4)] public string? SuspensionReason { get; init; }

    public bool IsAccredited => Status == ProviderStatus.Accredited;
}

[GenerateSerializer, Immutable, Alias("hawiya.ProviderResult")]
public sealed record ProviderResult
{
    [Id(0)] public required ProviderError Error { get; init; }
    [Id(1)] public required ProviderSnapshot Snapshot { get; init; }
    [Id(2)] public string? Detail { get; init; }

    public bool Succeeded => Error == ProviderError.None;
}
