using System.Collections.Concurrent;

namespace Hawiya.LoadTests.Checks;

/// <summary>
/// Pairwise subjects seen during the run (OIDC Core §8.1): one citizen has one stable sub per
/// sector, and no two citizens share one. A login that breaks either rule got someone else's
/// identity or a forgotten one, which is a wrong answer.
/// </summary>
public sealed class SubjectRegistry
{
    private readonly ConcurrentDictionary<(string Sector, int Citizen), string> _subjects = new();
    private readonly ConcurrentDictionary<(string Sector, string Subject), int> _owners = new();

    /// <summary>The subject seen before for this citizen in this sector, if any.</summary>
    public string? Known(string sector, int citizen) => _subjects.GetValueOrDefault((sector, citizen));

    /// <summary>Records <paramref name="subject"/> for the citizen, or throws a wrong answer when it contradicts what was seen.</summary>
    public void Observe(string sector, int citizen, string subject)
    {
        var known = _subjects.GetOrAdd((sector, citizen), subject);
        if (known != subject)
        {
            throw LoadFailure.Wrong("sub changed for the same citizen and sector");
        }

        var owner = _owners.GetOrAdd((sector, subject), citizen);
        if (owner != citizen)
        {
            throw LoadFailure.Wrong("two citizens got the same sub in one sector");
        }
    }

    public int Count => _subjects.Count;
}
