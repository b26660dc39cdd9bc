using System.ComponentModel.DataAnnotations;
using Hawiya.Server.Hosting;
using Microsoft.Extensions.Options;

namespace Hawiya.Server.Unicity;

/// <summary>Anonymous polls (section <c>Hawiya:Unicity</c>).</summary>
public sealed class UnicitySettings
{
    public const string Section = "Hawiya:Unicity";

    /// <summary>
    /// Key of the keyed hash behind participation keys and per-context pseudonyms (base64, ≥ 256 bits).
    /// Changing it makes every citizen a first-time participant again: it is set once per platform.
    /// </summary>
    [Required] public string PseudonymKey { get; set; } = "DEV-ONLY-unicity-pseudonym-key-never-use-outside-development";

    /// <summary>How long a silo trusts its copy of a context (open or closed): the delay before a close is seen everywhere.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")] public TimeSpan ContextCacheLifetime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Access tokens remembered as validated until they expire, per silo (0: validate every
    /// request in full). About 300 bytes each.
    /// </summary>
    [Range(0, 1_000_000)] public int ValidatedTokenCacheSize { get; set; } = 50_000;
}

/// <summary>Refuses the development key outside Development, and a malformed key anywhere.</summary>
internal sealed class UnicitySettingsValidation(IHostEnvironment environment) : IValidateOptions<UnicitySettings>
{
    public ValidateOptionsResult Validate(string? name, UnicitySettings options)
    {
        if (!environment.IsDevelopment() && DevelopmentSecrets.IsMarked(options.PseudonymKey))
        {
            return ValidateOptionsResult.Fail($"{UnicitySettings.Section}:PseudonymKey is a development default; set a real key outside Development.");
        }

        try
        {
            return DevelopmentSecrets.ReadKey(options.PseudonymKey).Length < 32
                ? ValidateOptionsResult.Fail($"{UnicitySettings.Section}:PseudonymKey must be at least 32 bytes.")
                : ValidateOptionsResult.Success;
        }
        catch (FormatException)
        {
            return ValidateOptionsResult.Fail($"{UnicitySettings.Section}:PseudonymKey must be base64.");
        }
    }
}
