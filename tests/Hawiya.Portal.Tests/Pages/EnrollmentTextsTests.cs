extern alias portal;

using EnrollmentTexts = portal::Hawiya.Portal.Pages.EnrollmentTexts;
using Texts = portal::Hawiya.Portal.Pages.Texts;

namespace Hawiya.Portal.Tests.Pages;

public sealed class EnrollmentTextsTests
{
    public static TheoryData<string> Languages => new(Texts.All.Select(t => t.Code));

    [Theory]
    [MemberData(nameof(Languages))]
    public void For_EveryPortalLanguage_HasItsOwnNonEmptyWords(string code)
    {
        Assert.True(Texts.TryGet(code, out var texts));
        var words = EnrollmentTexts.For(texts);
        var french = EnrollmentTexts.For(Texts.French);
        foreach (var property in typeof(EnrollmentTexts).GetProperties().Where(p => p.PropertyType == typeof(string)))
        {
            var text = (string)property.GetValue(words)!;
            Assert.False(string.IsNullOrWhiteSpace(text), $"{code}: {property.Name} is empty");
            if (code != Texts.French.Code)
            {
                Assert.NotEqual((string)property.GetValue(french)!, text);
            }
        }
    }
}
