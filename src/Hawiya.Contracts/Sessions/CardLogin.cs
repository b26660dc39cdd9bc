using Hawiya.Contracts.Common;

namespace Hawiya.Contracts.Sessions;

/// <summary>Where a card login stands in its session. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.CardLoginStage")]
public enum CardLoginStage
{
    None = 0,
    /// <summary>A pairing code is shown; no reader has claimed it yet.</summary>
    AwaitingReader = 1,
    /// <summary>A reader claimed the code and holds the nonce; the card is being asked.</summary>
    ReaderPaired = 2,
    /// <summary>The attempt ended without success; <see cref="CardLoginFailure"/> says why.</summary>
    Failed = 3,
}

/// <summary>Why a card login attempt failed. Numeric values are persisted: never renumber.</summary>
[GenerateSerializer, Alias("hawiya.CardLoginFailure")]
public enum CardLoginFailure
{
    None = 0,
    /// <summary>The reader's connection ended before the card answered.</summary>
    ReaderDisconnected = 1,
    /// <summary>The card refused the PIN or fingerprint; tries remain.</summary>
    HolderRefused = 2,
    /// <summary>The PIN or fingerprint is blocked on the card.</summary>
    HolderBlocked = 3,
    /// <summary>The card is unknown, suspended, revoked or expired.</summary>
    CardNotUsable = 4,
    /// <summary>The card belongs to someone other than the citizen who identified.</summary>
    WrongHolder = 5,
    /// <summary>Signature, certificate chain or identity data did not verify.</summary>
    ProofInvalid = 6,
    /// <summary>No reader answered within the challenge's lifetime.</summary>
    Expired = 7,
    /// <summary>The card or the reader failed (no card, not a CNIE, transmission error).</summary>
    CardError = 8,
    /// <summary>The citizen declined at the reader: the service or level it showed was not the login they meant.</summary>
    HolderDeclined = 9,
}

/// <summary>What the login page shows of a card login.</summary>
[GenerateSerializer, Immutable, Alias("hawiya.CardLoginView")]
public sealed record CardLoginView
{
    [Id(0)] public required CardLoginStage Stage { get; init; }
    [Id(1)] public AuthMethod? Method { get; init; }
    /// <summary>The code the citizen types into the reader agent; shown only while awaiting a reader.</summary>
    [Id(2)] public string? PairingCode { get; init; }
    [Id(3)] public CardLoginFailure Failure { get; init; }
    /// <summary>PIN or fingerprint tries left on the card after a refusal, as the card said.</summary>
    [Id(4)] public int TriesLeft { get; init; }
    [Id(5)] public DateTimeOffset? ExpiresAt { get; init; }
}

/// <summary>
/// What a paired reader receives: the nonce for the card to sign, the method it must run, and what
/// the login is for, which the reader shows and the citizen confirms before the PIN. SECURITY: a
/// phishing page can show the pairing code of its own session; the provider and level on the
/// reader are what the citizen checks (issue 26, finding 8).
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.CardSigningRequest")]
public sealed record CardSigningRequest
{
    [Id(0)] public required AuthMethod Method { get; init; }
    [Id(1)] public required byte[] Nonce { get; init; }
    /// <summary>The provider's name, as its login pages show it.</summary>
    [Id(2)] public required string ProviderName { get; init; }
    /// <summary>The level the session reaches if the card passes.</summary>
    [Id(3)] public required LevelOfAssurance Level { get; init; }
}

/// <summary>
/// A card answer the server verified (signature over the session's nonce, certificate chain,
/// card status, identity data): what the session needs to pass the method.
/// </summary>
[GenerateSerializer, Immutable, Alias("hawiya.CardProof")]
public sealed record CardProof
{
    [Id(0)] public required AuthMethod Method { get; init; }
    [Id(1)] public required byte[] Nonce { get; init; }
    /// <summary>Grain key of the card's holder, from the card grain.</summary>
    [Id(2)] public required string HolderKey { get; init; }
    /// <summary>
    /// Claims read from the card's signed identity data. SECURITY: kept in the session's memory
    /// only, until the code is issued; never written to storage (no registry).
    /// </summary>
    [Id(3)] public required Dictionary<string, string> Attributes { get; init; }
}

/// <summary>
/// The card side of a login session (same grain as <see cref="IAuthSessionGrain"/>, same key):
/// a pairing code for the reader agent, the nonce the card signs, and the verified answer.
/// </summary>
[Alias("hawiya.IAuthSessionCardGrain")]
public interface IAuthSessionCardGrain : IGrainWithStringKey
{
    /// <summary>Starts a card login for <paramref name="method"/> (Card, CardPin or CardFingerprint); a new start replaces the previous attempt.</summary>
    [Alias("StartCard")]
    Task<CardLoginView> StartCardAsync(AuthMethod method);

    [Alias("GetCard")]
    Task<CardLoginView> GetCardAsync();

    /// <summary>A reader claimed the pairing code: it receives the nonce once, or null.</summary>
    [Alias("PairReader")]
    Task<CardSigningRequest?> PairReaderAsync(string pairingCode, string readerName);

    [Alias("FailCard")]
    Task<CardLoginView> FailCardAsync(CardLoginFailure failure, int triesLeft);

    /// <summary>Passes the method when the proof answers this session's outstanding nonce.</summary>
    [Alias("PassCard")]
    Task<ChallengeResult> PassCardAsync(CardProof proof);

    /// <summary>Drops the card attempt, whatever its stage; a late answer to its nonce is refused.</summary>
    [Alias("CancelCard")]
    Task CancelCardAsync();

    /// <summary>Hands over the card's attributes for the code being issued, and forgets them.</summary>
    [Alias("TakeCardAttributes")]
    Task<Dictionary<string, string>> TakeCardAttributesAsync();
}

/// <summary>Maps a pairing code to the login session showing it, for a few minutes.</summary>
[Alias("hawiya.ICardPairingGrain")]
public interface ICardPairingGrain : IGrainWithStringKey
{
    /// <summary>Reserves this code for <paramref name="sessionId"/>; false when another live session holds it.</summary>
    [Alias("Open")]
    Task<bool> OpenAsync(string sessionId, DateTimeOffset expiresAt);

    /// <summary>The session the code belongs to, once: a second claim gets null.</summary>
    [Alias("Claim")]
    Task<string?> ClaimAsync();
}
