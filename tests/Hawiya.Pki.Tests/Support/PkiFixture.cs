using System.Security.Cryptography;
using Hawiya.Pki.Cards;
using Hawiya.Pki.Hierarchy;
using Hawiya.Pki.Identity;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Pki.Tests.Support;

/// <summary>
/// One in-memory hierarchy per test class. Fake time starts at the real "now" because openssl, the
/// peer in many tests, checks validity against the real clock.
/// </summary>
public sealed class PkiFixture : IDisposable
{
    private int _cardCounter;

    public PkiFixture()
    {
        Hierarchy = PkiHierarchy.Create(new PkiHierarchyOptions(), Time);
    }

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.UtcNow);

    public PkiHierarchy Hierarchy { get; }

    public static PivotIdentity SampleHolder() => new(
        ["Amina", "Zahra"],
        "El Idrissi",
        "Benali",
        Gender.Female,
        new DateOnly(1990, 4, 12),
        "Fès",
        "MAR");

    public PersonalisationRequest SampleRequest() =>
        new($"AB{Interlocked.Increment(ref _cardCounter):D6}", "J123456", SampleHolder(), RandomNumberGenerator.GetBytes(2048));

    public CardFile NewCard(FakeTimeProvider? time = null) =>
        new CardPersonaliser(Hierarchy, time ?? Time).Personalise(SampleRequest());

    public void Dispose() => Hierarchy.Dispose();
}
