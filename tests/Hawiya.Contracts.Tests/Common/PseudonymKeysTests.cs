using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Tests.Common;

public sealed class PseudonymKeysTests
{
    private static readonly PseudonymKeys Keys = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Citizen_SameNumberTypedDifferently_GivesTheSameKey()
    {
        Assert.Equal(Keys.Citizen("AB123456"), Keys.Citizen(" ab 123-456 "));
    }

    [Fact]
    public void Citizen_NeverContainsTheNationalNumber()
    {
        var key = Keys.Citizen("AB123456");

        Assert.DoesNotContain("123456", key, StringComparison.Ordinal);
        Assert.StartsWith("c-", key, StringComparison.Ordinal);
        Assert.Equal(2 + 27, key.Length);
    }

    [Fact]
    public void CitizenAndCard_SameNumber_GiveUnrelatedKeys()
    {
        Assert.NotEqual(Keys.Citizen("AB123456")[2..], Keys.Card("AB123456")[2..]);
    }

    [Fact]
    public void Citizen_OtherPlatformKey_GivesAnotherPseudonym()
    {
        var other = new PseudonymKeys(new byte[32]);

        Assert.NotEqual(Keys.Citizen("AB123456"), other.Citizen("AB123456"));
    }

    [Fact]
    public void Constructor_ShortKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new PseudonymKeys(new byte[16]));
    }
}
