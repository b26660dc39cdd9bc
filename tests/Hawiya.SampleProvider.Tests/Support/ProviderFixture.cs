namespace Hawiya.SampleProvider.Tests.Support;

/// <summary>One fake provider and one site pointed at it, shared by the tests of a class.</summary>
public class ProviderFixture : IAsyncLifetime
{
    public FakeProvider Provider { get; private set; } = null!;

    public SampleProviderFactory Factory { get; private set; } = null!;

    protected virtual bool PushedAuthorization => false;

    public async Task InitializeAsync()
    {
        Provider = await FakeProvider.StartAsync(PushedAuthorization);
        Factory = new SampleProviderFactory(Provider);
    }

    public async Task DisposeAsync()
    {
        await Factory.DisposeAsync();
        await Provider.DisposeAsync();
    }
}

/// <summary>A provider that advertises a pushed authorization request endpoint (RFC 9126 §5).</summary>
public sealed class ParProviderFixture : ProviderFixture
{
    protected override bool PushedAuthorization => true;
}
