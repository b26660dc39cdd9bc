using System.ComponentModel.DataAnnotations;
using Hawiya.Server.Abuse;

namespace Hawiya.Server.Tests.Abuse;

public sealed class SendSettingsTests
{
    private static string[] Problems(object options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage ?? string.Empty)];
    }

    [Theory]
    [InlineData("+212612345678", "212", "212612345")]
    [InlineData("+212712345678", "212", "212712345")]
    public void Classify_MoroccanMobile_IsAllowedWithItsCountryAndPrefix(string number, string country, string prefix)
    {
        var destination = SmsDestinations.Classify(number, new SendBudgetOptions());

        Assert.True(destination.Allowed);
        Assert.Equal((country, prefix), (destination.CountryCode, destination.Prefix));
    }

    [Theory]
    [InlineData("+212890123456", SmsDestinations.PremiumRate)]
    [InlineData("+212801234567", SmsDestinations.PremiumRate)]
    [InlineData("+447700900123", SmsDestinations.CountryNotAllowed)]
    [InlineData("+212522123456", SmsDestinations.RangeNotAllowed)]
    [InlineData("+2126123456789", SmsDestinations.RangeNotAllowed)]
    [InlineData("0612345678", SmsDestinations.NotE164)]
    [InlineData("+3", SmsDestinations.NotE164)]
    public void Classify_OutsideTheAllowList_IsRefusedWithTheRule(string number, string rule)
    {
        Assert.Equal(rule, SmsDestinations.Classify(number, new SendBudgetOptions()).Refusal);
    }

    [Fact]
    public void Classify_ACountryAddedByConfiguration_IsAllowedToo()
    {
        var options = new SendBudgetOptions();
        options.Countries["33"] = new CountryBudget { AllowedPrefixes = ["6", "7"], NationalDigits = 9 };

        Assert.True(SmsDestinations.Classify("+33612345678", options).Allowed);
    }

    [Fact]
    public void SendBudgetOptions_Defaults_AreValid()
    {
        Assert.Empty(Problems(new SendBudgetOptions()));
        Assert.Empty(Problems(new RateLimitOptions()));
    }

    [Fact]
    public void SendBudgetOptions_MalformedCountryPrefixOrWindow_NameTheSetting()
    {
        var options = new SendBudgetOptions { RefusedPrefixes = ["2128"] };
        options.Countries["0x"] = new CountryBudget();
        options.PerIp.Window = TimeSpan.Zero;

        var problems = Problems(options);

        Assert.Contains(problems, p => p.Contains("Countries:0x", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("RefusedPrefixes", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("window", StringComparison.Ordinal));
    }

    [Fact]
    public void RateLimitOptions_ProxyThatIsNoAddress_NamesTheSetting()
    {
        var problems = Problems(new RateLimitOptions { TrustedProxies = ["proxy.example"], TrustedNetworks = ["10.0.0.0/33"] });

        Assert.Contains(problems, p => p.Contains("TrustedProxies", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("TrustedNetworks", StringComparison.Ordinal));
    }
}
