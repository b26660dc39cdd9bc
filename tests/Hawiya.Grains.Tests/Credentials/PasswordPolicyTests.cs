using Hawiya.Grains.Credentials;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Tests.Credentials;

public sealed class PasswordPolicyTests
{
    private static readonly PasswordPolicy Policy = new(Options.Create(new PasswordPolicyOptions()));

    [Theory]
    [InlineData("demo-password-1")]
    [InlineData("correct horse battery staple")]
    [InlineData("tajine au citron confit")]
    [InlineData("كلمة سر طويلة")]
    public void Check_LongUncommonPasswordWithoutCompositionRules_IsAccepted(string password) =>
        Assert.Equal(PasswordRefusal.None, Policy.Check(password, "AB100001"));

    [Fact]
    public void Check_SevenCodePoints_IsTooShort() =>
        Assert.Equal(PasswordRefusal.TooShort, Policy.Check("tajine7"));

    [Fact]
    public void Check_LengthCountsCodePointsAfterNfkc()
    {
        // Eight emoji are sixteen UTF-16 units but eight code points: long enough.
        Assert.Equal(PasswordRefusal.None, Policy.Check(string.Concat(Enumerable.Repeat("🐪🌴", 4))));
        // Four emoji are eight UTF-16 units but four code points: too short.
        Assert.Equal(PasswordRefusal.TooShort, Policy.Check("🐪🌴🐪🌴"));
        // The ligature "ﬀ" becomes "ff" under NFKC: "ﬀﬀﬀﬀ" counts as eight.
        Assert.Equal(PasswordRefusal.Repetitive, Policy.Check("ﬀﬀﬀﬀ"));
    }

    [Fact]
    public void Check_SixtyFourCharactersAccepted_OverTheCapRefused()
    {
        var sixtyFour = string.Concat(Enumerable.Repeat("olive-ar", 8));
        Assert.Equal(64, sixtyFour.Length);
        Assert.Equal(PasswordRefusal.None, Policy.Check(sixtyFour));
        Assert.Equal(PasswordRefusal.TooLong, Policy.Check(string.Concat(Enumerable.Repeat("olive-ar", 33))));
    }

    [Theory]
    [InlineData("password")]
    [InlineData("PASSWORD")]
    [InlineData("Password1!")]
    [InlineData("azertyuiop")]
    [InlineData("motdepasse")]
    [InlineData("123456789")]
    [InlineData("Ｐａｓｓｗｏｒｄ")]
    public void Check_CommonPasswordOrOneDressedUp_IsRefusedAsCommon(string password) =>
        Assert.Equal(PasswordRefusal.Common, Policy.Check(password));

    [Theory]
    [InlineData("hawiya2026")]
    [InlineData("AB100001!")]
    [InlineData("ab100001xy")]
    public void Check_ServiceNameOrOwnNationalNumber_IsRefusedAsContextSpecific(string password) =>
        Assert.Equal(PasswordRefusal.ContextSpecific, Policy.Check(password, "AB100001"));

    [Fact]
    public void Check_ContextWordInsideALongPassphrase_IsAccepted() =>
        Assert.Equal(PasswordRefusal.None, Policy.Check("my hawiya login is a long phrase"));

    [Theory]
    [InlineData("aaaaaaaa")]
    [InlineData("zzzzzzzzzz")]
    [InlineData("abcdefghij")]
    [InlineData("98765432")]
    public void Check_RepeatedOrSequentialRun_IsRefused(string password)
    {
        var refusal = Policy.Check(password);
        Assert.True(refusal is PasswordRefusal.Repetitive or PasswordRefusal.Common, $"{password} was {refusal}");
    }

    [Fact]
    public void Check_BlocklistFileFromConfiguration_AddsItsPasswords()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file, ["# a larger list", "tajine au citron confit", ""]);
            var policy = new PasswordPolicy(Options.Create(new PasswordPolicyOptions { BlocklistFile = file }));

            Assert.Equal(PasswordRefusal.Common, policy.Check("Tajine au citron confit"));
            Assert.Equal(Policy.BlocklistSize + 1, policy.BlocklistSize);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
