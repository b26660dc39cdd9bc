using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hawiya.Contracts.Unicity;

namespace Hawiya.Contracts.Tests.Unicity;

public sealed class UnicityKeysTests
{
    private readonly UnicityKeys _keys = new(Enumerable.Range(0, 32).Select(i => (byte)i).ToArray());

    [Fact]
    public void Pseudonym_SameCitizenAndContext_IsStable()
    {
        Assert.Equal(_keys.Pseudonym("poll-site", "vote-1", "c-abc"), _keys.Pseudonym("poll-site", "vote-1", "c-abc"));
    }

    [Fact]
    public void Pseudonym_OtherContextProviderOrCitizen_Differs()
    {
        var pseudonyms = new[]
        {
            _keys.Pseudonym("poll-site", "vote-1", "c-abc"),
            _keys.Pseudonym("poll-site", "vote-2", "c-abc"),
            _keys.Pseudonym("other-site", "vote-1", "c-abc"),
            _keys.Pseudonym("poll-site", "vote-1", "c-abd"),
        };

        Assert.Equal(pseudonyms.Length, pseudonyms.Distinct().Count());
    }

    [Fact]
    public void Pseudonym_FieldsShiftedAcrossTheSeparator_Differs()
    {
        Assert.NotEqual(_keys.Pseudonym("poll-site", "ab", "c-x"), _keys.Pseudonym("poll-sitea", "b", "c-x"));
    }

    [Fact]
    public void Pseudonym_OtherKey_Differs()
    {
        var other = new UnicityKeys(new byte[32]);

        Assert.NotEqual(_keys.Pseudonym("poll-site", "vote-1", "c-abc"), other.Pseudonym("poll-site", "vote-1", "c-abc"));
    }

    [Fact]
    public void Participation_IsNotThePseudonymAndHasANonHexPrefix()
    {
        var key = _keys.Participation("poll-site", "vote-1", "c-abc");

        Assert.StartsWith("u-", key, StringComparison.Ordinal);
        Assert.NotEqual("u-" + _keys.Pseudonym("poll-site", "vote-1", "c-abc"), key);
        Assert.StartsWith("x-", UnicityKeys.Context("poll-site", "vote-1"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("vote-1", true)]
    [InlineData("Budget_2026.v2", true)]
    [InlineData("", false)]
    [InlineData("with space", false)]
    [InlineData("colon:inside", false)]
    public void IsValidContextId_FollowsTheRule(string contextId, bool valid)
    {
        Assert.Equal(valid, UnicityKeys.IsValidContextId(contextId));
    }

    [Fact]
    public void Constructor_ShortKey_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => new UnicityKeys(new byte[16]));
    }

    [Fact]
    public async Task Pseudonym_ComputedManyTimesOnManyThreads_IsTheHmacOfTheLengthPrefixedFields()
    {
        var key = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray();
        var expected = Base64Url.EncodeToString(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes("pseudonym|9:poll-site|6:vote-1|5:c-abc"))[..20]);

        var values = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
            Enumerable.Range(0, 50).Select(_ => _keys.Pseudonym("poll-site", "vote-1", "c-abc")).Distinct().ToArray())));

        Assert.All(values, v => Assert.Equal([expected], v));
    }
}
