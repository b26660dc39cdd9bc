namespace Hawiya.LoadTests.Scenarios;

/// <summary>How a poll-vote arrival casts its vote.</summary>
public enum VoteVia
{
    /// <summary>One <c>POST /unicity/participations</c> with the access token of a voter logged in before the run.</summary>
    Api,

    /// <summary>A whole password login carrying <c>unicity_context</c>; the ID token answers.</summary>
    Login,
}

/// <summary>Settings of the poll-vote scenario.</summary>
public sealed record PollSettings
{
    public VoteVia Via { get; init; } = VoteVia.Api;

    /// <summary>Citizens logged in before the run whose access tokens cast the votes (via the API).</summary>
    public int Voters { get; init; } = 1000;

    /// <summary>Share of arrivals (via the API) that deliberately vote again with a voter who already voted (0 to 1).</summary>
    public double RepeatShare { get; init; } = 0.2;

    /// <summary>
    /// Polls registered for the run (via the API). A voter's first vote in each is a first
    /// participation, in order, so a run offers voters × polls first votes: enough to hold the
    /// durable path under load for the whole run, not only while the voters last.
    /// </summary>
    public int Polls { get; init; } = 1;

    /// <summary>How long arrivals are issued: every voter's access token must outlive it.</summary>
    public TimeSpan RunLength { get; init; } = TimeSpan.FromSeconds(20);
}
