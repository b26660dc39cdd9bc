using System.Security.Cryptography;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Grains.Common;
using Microsoft.Extensions.Logging;

namespace Hawiya.Grains.Sessions;

// Card login: the page shows a pairing code, the citizen's reader agent claims it and has the
// card sign the nonce after the PIN or fingerprint; the server verifies the answer and passes it here.
public sealed partial class AuthSessionGrain : IAuthSessionCardGrain
{
    /// <summary>How long a pairing code and its nonce stay good: time to reach the reader and type the PIN.</summary>
    public static readonly TimeSpan CardChallengeLifetime = TimeSpan.FromMinutes(3);

    /// <summary>32 random bytes: above the 128 bits the card profile asks of server nonces (docs/card-profile.md §7).</summary>
    private const int CardNonceBytes = 32;

    private const int PairingAttempts = 8;

    /// <summary>
    /// SECURITY: the card's attributes live only in this activation's memory, between the card's
    /// answer and the code; they are never written to storage (docs/architecture.md, "Where state
    /// lives": no central registry).
    /// </summary>
    private Dictionary<string, string>? _cardAttributes;

    public async Task<CardLoginView> StartCardAsync(AuthMethod method)
    {
        if (method is not (AuthMethod.Card or AuthMethod.CardPin or AuthMethod.CardFingerprint))
        {
            throw new ArgumentOutOfRangeException(nameof(method), method, "Only the card methods run through a reader.");
        }

        if (CardRefusal(method) is not null)
        {
            return CardView();
        }

        var expiresAt = time.GetUtcNow() + CardChallengeLifetime;
        for (var attempt = 0; attempt < PairingAttempts; attempt++)
        {
            var code = PairingCodes.New();
            if (await GrainFactory.GetGrain<ICardPairingGrain>(code).OpenAsync(SessionId, expiresAt))
            {
                State.CardChallenge = new CardChallengeState
                {
                    Stage = CardLoginStage.AwaitingReader,
                    Method = method,
                    Nonce = RandomNumberGenerator.GetBytes(CardNonceBytes),
                    PairingCode = code,
                    ExpiresAt = expiresAt,
                };
                await state.WriteOrRestoreAsync(this);
                return CardView();
            }
        }

        throw new InvalidOperationException("No free pairing code was found.");
    }

    public Task<CardLoginView> GetCardAsync() => Task.FromResult(CardView());

    public async Task<CardSigningRequest?> PairReaderAsync(string pairingCode, string readerName)
    {
        if (State.CardChallenge is not { Stage: CardLoginStage.AwaitingReader } challenge
            || challenge.PairingCode != pairingCode || !IsOpen())
        {
            return null;
        }

        if (time.GetUtcNow() >= challenge.ExpiresAt)
        {
            await FailCardAsync(CardLoginFailure.Expired, 0);
            return null;
        }

        challenge.Stage = CardLoginStage.ReaderPaired;
        await state.WriteOrRestoreAsync(this);
        LogReaderPaired(readerName);
        // What the card would lift this session to, never below what the provider asked for.
        var reached = levels.LevelOf([.. State.Passed.Keys, challenge.Method]);
        var required = State.Start?.RequiredLevel ?? LevelOfAssurance.None;
        return new CardSigningRequest
        {
            Method = challenge.Method,
            Nonce = challenge.Nonce,
            ProviderName = State.Start?.ProviderName ?? State.Start?.ClientId ?? string.Empty,
            Level = reached > required ? reached : required,
        };
    }

    public async Task<CardLoginView> FailCardAsync(CardLoginFailure failure, int triesLeft)
    {
        if (State.CardChallenge is { Stage: CardLoginStage.AwaitingReader or CardLoginStage.ReaderPaired } challenge)
        {
            challenge.Stage = CardLoginStage.Failed;
            challenge.Failure = failure;
            challenge.TriesLeft = triesLeft;
            // The nonce dies with the attempt: a late answer to it is refused.
            challenge.Nonce = [];
            await state.WriteOrRestoreAsync(this);
            LogCardFailed(failure);
        }

        return CardView();
    }

    public async Task<ChallengeResult> PassCardAsync(CardProof proof)
    {
        if (State.CardChallenge is not { Stage: CardLoginStage.ReaderPaired } challenge
            || challenge.Method != proof.Method
            || challenge.Nonce.Length == 0
            || !CryptographicOperations.FixedTimeEquals(challenge.Nonce, proof.Nonce))
        {
            return Result(ChallengeError.NoChallenge);
        }

        if (CardRefusal(proof.Method) is { } refused)
        {
            return Result(refused);
        }

        if (time.GetUtcNow() >= challenge.ExpiresAt)
        {
            await FailCardAsync(CardLoginFailure.Expired, 0);
            return Result(ChallengeError.Expired);
        }

        // SECURITY: the card names its holder. A session that was identified by typing a national
        // number accepts only that citizen's card; one that was not is identified by the card.
        if ((State.CitizenKey is { } identified && identified != proof.HolderKey)
            || (State.Passed.Count > 0 && State.CitizenKey != proof.HolderKey))
        {
            await FailCardAsync(CardLoginFailure.WrongHolder, 0);
            return Result(ChallengeError.Rejected);
        }

        var profile = await GrainFactory.GetGrain<ICitizenGrain>(proof.HolderKey).GetLoginProfileAsync();
        if (!profile.CanLogIn || !profile.UsableMethods.Contains(proof.Method))
        {
            await FailCardAsync(CardLoginFailure.CardNotUsable, 0);
            return Result(ChallengeError.Rejected);
        }

        State.CitizenKey = proof.HolderKey;
        State.CardChallenge = null;
        _cardAttributes = new Dictionary<string, string>(proof.Attributes, StringComparer.Ordinal);
        await PassAsync(proof.Method);
        return Result(ChallengeError.None);
    }

    public async Task CancelCardAsync()
    {
        ForgetProfile();
        if (State.CardChallenge is not null)
        {
            State.CardChallenge = null;
            await state.WriteOrRestoreAsync(this);
        }
    }

    public Task<Dictionary<string, string>> TakeCardAttributesAsync()
    {
        var attributes = _cardAttributes ?? [];
        _cardAttributes = null;
        return Task.FromResult(attributes);
    }

    /// <summary>As <see cref="Refusal"/>, but the card itself names the citizen: no identification needed first.</summary>
    private ChallengeError? CardRefusal(AuthMethod method)
    {
        if (!IsOpen())
        {
            return ChallengeError.SessionClosed;
        }

        return State.Start is { } start && !start.AllowedMethods.Contains(method) ? ChallengeError.MethodNotOffered : null;
    }

    private CardLoginView CardView()
    {
        if (State.CardChallenge is not { } challenge)
        {
            return new CardLoginView { Stage = CardLoginStage.None };
        }

        var expired = challenge.Stage is CardLoginStage.AwaitingReader or CardLoginStage.ReaderPaired && time.GetUtcNow() >= challenge.ExpiresAt;
        return new CardLoginView
        {
            Stage = expired ? CardLoginStage.Failed : challenge.Stage,
            Method = challenge.Method,
            PairingCode = challenge.Stage == CardLoginStage.AwaitingReader && !expired ? challenge.PairingCode : null,
            Failure = expired ? CardLoginFailure.Expired : challenge.Failure,
            TriesLeft = challenge.TriesLeft,
            ExpiresAt = challenge.ExpiresAt,
        };
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Card login paired with reader {Reader}")]
    private partial void LogReaderPaired(string reader);

    [LoggerMessage(Level = LogLevel.Information, Message = "Card login attempt failed: {Failure}")]
    private partial void LogCardFailed(CardLoginFailure failure);
}
