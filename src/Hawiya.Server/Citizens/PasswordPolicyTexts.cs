using Hawiya.Grains.Credentials;

namespace Hawiya.Server.Citizens;

/// <summary>What a refused password is told, the same for seeding and for the citizen API.</summary>
internal static class PasswordPolicyTexts
{
    public static string Reason(PasswordRefusal refusal) => refusal switch
    {
        PasswordRefusal.TooShort => "too_short",
        PasswordRefusal.TooLong => "too_long",
        PasswordRefusal.Common => "common",
        PasswordRefusal.ContextSpecific => "context_specific",
        PasswordRefusal.Repetitive => "repetitive",
        _ => "none",
    };

    public static string Describe(PasswordRefusal refusal) => refusal switch
    {
        PasswordRefusal.TooShort => $"The password needs at least {PasswordPolicyOptions.MinLength} characters.",
        PasswordRefusal.TooLong => "The password is longer than this platform takes.",
        PasswordRefusal.Common => "This password is among the most common or breached ones.",
        PasswordRefusal.ContextSpecific => "The password is made of the citizen's own identifiers or the service's name.",
        PasswordRefusal.Repetitive => "The password is one character repeated or a run such as 12345678.",
        _ => "The password is accepted.",
    };
}
