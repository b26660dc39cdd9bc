using Hawiya.Contracts.Providers;

namespace Hawiya.Grains.Providers;

[GenerateSerializer, Alias("hawiya.ServiceProviderState")]
public sealed class ServiceProviderState
{
    [Id(0)] public ProviderStatus Status { get; set; }
    [Id(1)] public ProviderRegistration? Registration { get; set; }
    [Id(2)] public DateTimeOffset? StatusChangedAt { get; set; }
    [Id(3)] public string? SuspensionReason { get; set; }
}
