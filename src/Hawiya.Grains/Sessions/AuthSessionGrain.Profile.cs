using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Grains.Sessions;

// The identified citizen's login profile, read once per step instead of once per page.
public sealed partial class AuthSessionGrain
{
    /// <summary>
    /// How long a profile read from the citizen serves the pages (the methods offered, where a
    /// code goes). Not stored. SECURITY: the citizen checks the lock itself at each answer
    /// (VerifyCodeAsync), so a profile kept this long never lets a locked method through.
    /// </summary>
    public static readonly TimeSpan ProfileKeptFor = TimeSpan.FromSeconds(30);

    private (string CitizenKey, CitizenLoginProfile Profile, DateTimeOffset ReadAt)? _profile;

    private async Task<CitizenLoginProfile> ProfileAsync()
    {
        var key = State.CitizenKey!;
        if (KeptProfile() is { } kept)
        {
            return kept;
        }

        var profile = await GrainFactory.GetGrain<ICitizenGrain>(key).GetLoginProfileAsync();
        _profile = (key, profile, time.GetUtcNow());
        return profile;
    }

    /// <summary>After a failure counted against the citizen (it may have locked a method).</summary>
    private void ForgetProfile() => _profile = null;

    private CitizenLoginProfile? KeptProfile() =>
        _profile is { } kept && kept.CitizenKey == State.CitizenKey && time.GetUtcNow() - kept.ReadAt < ProfileKeptFor
            ? kept.Profile
            : null;

    /// <summary>What the methods page needs of the profile, when one is kept (no contact data).</summary>
    private CitizenMethods? KeptMethods() =>
        KeptProfile() is { } profile ? new CitizenMethods { CanLogIn = profile.CanLogIn, Usable = profile.UsableMethods } : null;
}
