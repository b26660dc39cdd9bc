using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Tests.Common;

public sealed class NationalNumbersTests
{
    [Theory]
    [InlineData("ab123456", "AB123456")]
    [InlineData(" AB 123-456 ", "AB123456")]
    [InlineData("1234", "1234")]
    public void TryNormalize_AcceptedForms_AreUpperCasedAndCompacted(string input, string expected)
    {
        Assert.True(NationalNumbers.TryNormalize(input, out var normalized));
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("AB1")]
    [InlineData("AB12345678901234567890")]
    [InlineData("AB12/3456")]
    [InlineData("ÀB123456")]
    public void TryNormalize_Malformed_IsRefused(string? input)
    {
        Assert.False(NationalNumbers.TryNormalize(input, out _));
    }

    [Fact]
    public void Normalize_Malformed_Throws()
    {
        Assert.Throws<ArgumentException>(() => NationalNumbers.Normalize("x"));
    }
}
