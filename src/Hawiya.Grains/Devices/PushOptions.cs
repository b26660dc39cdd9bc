namespace Hawiya.Grains.Devices;

/// <summary>Push and face challenges (section <c>Hawiya:Push</c>).</summary>
public sealed class PushOptions
{
    public const string Section = "Hawiya:Push";

    /// <summary>Pushes sent to one citizen and not yet answered, across all their logins; more are throttled.</summary>
    public int MaxOutstanding { get; set; } = 3;

    /// <summary>How long the app has to answer.</summary>
    public TimeSpan ChallengeLifetime { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Wrong numbers (or failed face matches) before the challenge is spent.</summary>
    public int Attempts { get; set; } = 3;
}
