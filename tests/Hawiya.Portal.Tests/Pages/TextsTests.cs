extern alias portal;

using System.Collections.Frozen;
using Texts = portal::Hawiya.Portal.Pages.Texts;

namespace Hawiya.Portal.Tests.Pages;

public sealed class TextsTests
{
    public static TheoryData<string> Languages => new(Texts.All.Select(t => t.Code));

    [Theory]
    [MemberData(nameof(Languages))]
    public void Texts_EveryLanguage_HasEveryWordAndLabel(string code)
    {
        Assert.True(Texts.TryGet(code, out var texts));
        var french = Texts.French;
        foreach (var property in typeof(Texts).GetProperties())
        {
            var value = property.GetValue(texts);
            if (value is string text)
            {
                Assert.False(string.IsNullOrWhiteSpace(text), $"{code}: {property.Name} is empty");
            }
            else if (value is FrozenDictionary<string, string> labels)
            {
                var expected = (FrozenDictionary<string, string>)property.GetValue(french)!;
                Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), labels.Keys.Order(StringComparer.Ordinal));
            }
        }
    }

    [Fact]
    public void Texts_Arabic_IsRightToLeftAndTheOthersAreNot() =>
        Assert.Equal(["ar"], Texts.All.Where(t => t.Direction == "rtl").Select(t => t.Code));
}
