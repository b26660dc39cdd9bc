namespace Hawiya.OfflineKit.Revocation;

/// <summary>What the kit answers when its cached CRL is past its nextUpdate (RFC 5280 §5.1.2.5).</summary>
public enum StaleCrlMode
{
    /// <summary>Refuse every card until the cache is refreshed: fail closed.</summary>
    Refuse,
    /// <summary>Within <see cref="StaleCrlPolicy.Grace"/> after nextUpdate, accept a card the cache says is good, with a warning; refuse after.</summary>
    AcceptWithWarning,
}

/// <summary>
/// The kit's policy for a stale CRL. A counter that lost its network for an afternoon can keep
/// working on a CRL a few hours old, if its operator chose so; nobody can keep working on one
/// from last month. The default refuses: accepting is a deliberate choice.
/// </summary>
public sealed record StaleCrlPolicy(StaleCrlMode Mode, TimeSpan Grace)
{
    public static StaleCrlPolicy Default { get; } = new(StaleCrlMode.Refuse, TimeSpan.Zero);

    /// <summary>Parses <c>refuse</c> or <c>accept-with-warning</c>.</summary>
    public static bool TryParseMode(string? text, out StaleCrlMode mode)
    {
        switch (text)
        {
            case "refuse":
                mode = StaleCrlMode.Refuse;
                return true;
            case "accept-with-warning":
                mode = StaleCrlMode.AcceptWithWarning;
                return true;
            default:
                mode = StaleCrlMode.Refuse;
                return false;
        }
    }
}
