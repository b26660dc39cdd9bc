namespace Hawiya.Hsm.Tests;

public sealed class HsmKeyNameTests
{
    [Fact]
    public void ToLabel_ThenTryParse_GivesTheSameNameToTheSecond()
    {
        var name = new HsmKeyName("hawiya", "oidc", "es256-1", new DateTimeOffset(2026, 12, 7, 15, 30, 5, TimeSpan.FromHours(1)));

        Assert.Equal("hawiya/oidc/es256-1@20261207T143005Z", name.ToLabel());
        Assert.True(HsmKeyName.TryParse(name.ToLabel(), out var parsed));
        Assert.Equal(name with { ActiveFrom = name.ActiveFrom.ToUniversalTime() }, parsed);
    }

    [Theory]
    [InlineData("hawiya/oidc/es256-1")]
    [InlineData("hawiya/oidc/es256-1@yesterday")]
    [InlineData("oidc/es256-1@20261207T143005Z")]
    [InlineData("hawiya//es256-1@20261207T143005Z")]
    public void TryParse_ALabelOfAnotherShape_IsRefused(string label) => Assert.False(HsmKeyName.TryParse(label, out _));
}
