using Hawiya.Contracts.Common;
using Microsoft.Extensions.Options;

namespace Hawiya.Grains.Sessions;

/// <summary>
/// Which combinations of methods reach each eIDAS level (section <c>Hawiya:Levels</c>).
/// Each entry is a combination written <c>Method+Method</c>. The defaults follow the
/// eIDAS implementing regulation 2015/1502: one factor for low, two factors of different
/// categories (or a device-bound key) for substantial, the card with its holder check for high.
/// </summary>
public sealed class LevelOptions
{
    public const string Section = "Hawiya:Levels";

    public string[] Low { get; set; } = ["Password", "Sms", "Email"];
    public string[] Substantial { get; set; } = ["Password+Sms", "Password+Email", "Push", "Face"];
    public string[] High { get; set; } = ["CardPin", "CardFingerprint"];
}

public sealed class LevelPolicy
{
    private readonly (LevelOfAssurance Level, AuthMethod[] Methods)[] _combinations;

    public LevelPolicy(IOptions<LevelOptions> options)
    {
        var o = options.Value;
        _combinations =
        [
            .. Parse(LevelOfAssurance.Low, o.Low),
            .. Parse(LevelOfAssurance.Substantial, o.Substantial),
            .. Parse(LevelOfAssurance.High, o.High),
        ];
    }

    /// <summary>The highest level some configured combination reaches with the methods passed.</summary>
    public LevelOfAssurance LevelOf(IReadOnlyCollection<AuthMethod> passed) =>
        _combinations.Where(c => c.Methods.All(passed.Contains)).Select(c => c.Level).DefaultIfEmpty(LevelOfAssurance.None).Max();

    /// <summary>
    /// True when <paramref name="candidate"/> belongs to a combination that reaches
    /// <paramref name="required"/> and is not passed yet: the method brings the login closer.
    /// </summary>
    public bool Helps(AuthMethod candidate, IReadOnlyCollection<AuthMethod> passed, LevelOfAssurance required) =>
        !passed.Contains(candidate)
        && _combinations.Any(c => c.Level >= required && c.Methods.Contains(candidate));

    private static IEnumerable<(LevelOfAssurance, AuthMethod[])> Parse(LevelOfAssurance level, string[] entries) =>
        entries.Select(entry => (level, entry.Split('+', StringSplitOptions.TrimEntries).Select(m =>
            Enum.TryParse<AuthMethod>(m, ignoreCase: true, out var method)
                ? method
                : throw new OptionsValidationException(LevelOptions.Section, typeof(LevelOptions), [$"Unknown method '{m}' in level {level}."])).ToArray()));
}
