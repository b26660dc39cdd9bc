namespace Hawiya.Contracts.Abuse;

/// <summary>
/// One sending budget (per recipient, number prefix, IP, provider or country), key
/// <c>{scope}:{key}</c> where the key is a pseudonym for anything personal. Counts what was
/// taken in the current window; the window opens with the first take after the last one closed.
/// </summary>
[Alias("hawiya.ISendBudgetGrain")]
public interface ISendBudgetGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes up to <paramref name="wanted"/> sends from a budget of <paramref name="limit"/> per
    /// <paramref name="window"/>; grants fewer (or none) when the window's budget is short.
    /// </summary>
    [Alias("Take")]
    Task<BudgetGrant> TakeAsync(int wanted, int limit, TimeSpan window);

    /// <summary>
    /// One send from this budget (<paramref name="limit"/> per <paramref name="window"/>) and one
    /// from <paramref name="member"/>'s own budget within it (<paramref name="memberLimit"/> per
    /// <paramref name="memberWindow"/>; a
    /// number within its prefix: each number belongs to one prefix, so the prefix's grain counts
    /// its numbers exactly, and a send checks both in one call). Each is taken when it has room,
    /// whatever the other answers, as two separate takes would be.
    /// </summary>
    [Alias("TakeWithMember")]
    Task<MemberBudgetGrant> TakeWithMemberAsync(string member, int limit, TimeSpan window, int memberLimit, TimeSpan memberWindow);
}

/// <summary>What <see cref="ISendBudgetGrain.TakeWithMemberAsync"/> granted: the send from each budget, or not.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.MemberBudgetGrant")]
public sealed record MemberBudgetGrant
{
    [Id(0)] public required bool Own { get; init; }
    [Id(1)] public required bool Member { get; init; }
}

/// <summary>What a budget granted, and until when the grant may be spent.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.BudgetGrant")]
public sealed record BudgetGrant
{
    [Id(0)] public required int Granted { get; init; }
    /// <summary>The end of the window the grant belongs to; what is unspent then is lost.</summary>
    [Id(1)] public required DateTimeOffset WindowEndsAt { get; init; }
}
