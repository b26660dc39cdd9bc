using Hawiya.Contracts.Cards;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;

namespace Hawiya.Server.CitizenApi;

/// <summary>The citizen's own view of their identity: status, methods, contact points, cards, and this login.</summary>
public sealed record CitizenProfileView(
    CitizenStatus Status,
    DateTimeOffset? StatusChangedAt,
    MethodView[] Methods,
    string? Phone,
    string? Email,
    CardView[] Cards,
    LoginView Login);

public sealed record MethodView(AuthMethod Method, bool Enabled, DateTimeOffset EnrolledAt);

public sealed record CardView(string Key, CardStatus Status, CardRevocationCause? RevocationCause, DateTimeOffset? NotAfter);

/// <summary>The login the calling token comes from: its level (<c>acr</c>) and when the citizen proved it.</summary>
public sealed record LoginView(string Acr, DateTimeOffset AuthTime);

public sealed record ActivityView(ActivityEntryView[] Entries, long? Next);

public sealed record ActivityEntryView(
    long Sequence,
    JournalEventKind Kind,
    DateTimeOffset At,
    string? ClientId,
    string? Provider,
    string? Acr,
    AuthMethod[] Methods,
    string[] ReleasedClaims,
    string? Place,
    string? Detail);

public sealed record ConsentView(string ClientId, string Provider, string[] Scopes, string[] Claims, DateTimeOffset GrantedAt);

public sealed record ConsentRevocationView(string ClientId, bool ConsentRemoved, int SessionsRevoked);

public sealed record MethodChange(bool? Enabled);

public sealed record CardReport(CardRevocationCause? Cause);

public sealed record NotMeView(CitizenStatus Status, int SessionsRevoked);

public sealed record AlertPreferencesView(AlertChannel? Use, AlertChannel? NewMethod, AlertChannel? CardStatus);
