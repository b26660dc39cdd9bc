using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Metrics;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Voting through the provider's server-to-server call: before the run, <see cref="PollSettings.Voters"/>
/// citizens log in once each to the first provider (SMS code, four times cheaper than a password
/// hash, so that thousands of voters are ready in seconds; not measured) and their access
/// tokens are kept; each arrival then takes an idle voter and sends one
/// <c>POST /unicity/participations</c> with a fresh <c>Idempotency-Key</c>. The answer must be
/// <c>first</c> for the voter's first vote in a poll and <c>repeat</c> afterwards, with the same
/// pseudonym every time in that poll and never another voter's. With several polls
/// (<see cref="PollSettings.Polls"/>) a voter moves to the next poll once voted in one, so first
/// votes keep coming after every voter has voted once. The tokens are not refreshed: the run must end
/// before the first of them expires, which preparation checks.
/// </summary>
public sealed partial class PollVoteScenario
{
    /// <summary>The provider call a vote is.</summary>
    public const string ParticipationsPath = "/unicity/participations";

    /// <summary>Slack between the run's end and the first token's expiry, for the last requests in flight.</summary>
    public static readonly TimeSpan ExpiryMargin = TimeSpan.FromSeconds(15);

    private readonly SubjectRegistry _pseudonyms = new();
    private VoterPool? _voters;
    private byte[][]? _voteBodies;

    private async Task PrepareVotersAsync(CancellationToken cancellationToken)
    {
        var count = services.Poll.Voters;
        var started = services.Time.GetTimestamp();
        log($"poll-vote: logging in {count} voters (one SMS-code login each, not measured)");
        // A private collector: preparation is not part of what the run measures.
        var unmeasured = new MetricsCollector();
        var voters = new ConcurrentBag<Voter>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, ct) =>
        {
            // Leased for good: each voter is a distinct citizen, drawn at random.
            var citizen = services.Citizens.Lease();
            var loginStarted = services.Time.GetUtcNow();
            LoginOutcome outcome;
            try
            {
                outcome = await _flow.RunAsync(
                    new Operation(i, services.Time.GetTimestamp(), "prepare", unmeasured, services.Time), services.NewBrowser(),
                    services.Population.Citizen(citizen), services.Population.Provider(0), LoginMethod.Sms, ["openid"], ct);
            }
            catch (StepFailure e)
            {
                throw new InvalidOperationException($"logging in voter {i} failed at {e.Step}: {e.InnerException?.Message}", e);
            }

            voters.Add(new Voter(citizen, outcome.Tokens.AccessToken, loginStarted.AddSeconds(outcome.Tokens.ExpiresIn), _contexts.Length));
        });

        var firstExpiry = voters.Min(v => v.ExpiresAt);
        RequireTokensOutliveRun(firstExpiry, services.Time.GetUtcNow(), services.Poll.RunLength);
        _voters = new VoterPool(voters);
        _voteBodies = [.. _contexts.Select(VoteBody)];
        log($"poll-vote: {count} voters ready in {services.Time.GetElapsedTime(started).TotalSeconds:0.0} s; their access tokens expire in {(firstExpiry - services.Time.GetUtcNow()).TotalSeconds:0} s or more");
    }

    private async Task VoteByApiAsync(Operation operation, CancellationToken cancellationToken)
    {
        var pool = _voters ?? throw new InvalidOperationException("poll-vote via the API ran before its voters were prepared.");
        _ = _voteBodies ?? throw new InvalidOperationException("poll-vote via the API ran before its polls were registered.");
        var revote = Random.Shared.NextDouble() < services.Poll.RepeatShare;
        var voter = pool.Lease(revote);
        var (poll, repeat) = voter.NextVote(revote, Random.Shared);
        try
        {
            if (services.Time.GetUtcNow() >= voter.ExpiresAt)
            {
                throw LoadFailure.Unexpected("the voter's access token expired during the run");
            }

            var context = _contexts[poll];
            // Named by the answer due, so the report counts first votes (durable writes) apart from repeats.
            var reply = await operation.StepAsync(repeat ? "repeat vote" : "first vote", () => ParticipateAsync(voter.AccessToken, _voteBodies![poll], cancellationToken));
            var answer = ReadParticipation(reply);
            Check(answer, context, repeat, voter.Pseudonym(poll));
            // One pseudonym per voter in each poll, and never one of another voter.
            _pseudonyms.Observe("unicity:" + context, voter.Citizen, answer.Pseudonym);
            voter.Recorded(poll, answer.Pseudonym);
        }
        finally
        {
            // After a failed call the vote may or may not have been recorded: the voter's next
            // answer in that poll may rightly be first or repeat (Check accepts either while no
            // pseudonym is known).
            voter.MayHaveVoted(poll);
            pool.Return(voter);
        }
    }

    private async Task<HttpReply> ParticipateAsync(string accessToken, byte[] voteBody, CancellationToken cancellationToken)
    {
        // The same few bytes every time, sent with a Content-Length (a streamed JSON body would be chunked).
        var content = new ByteArrayContent(voteBody);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(services.NextTarget(), ParticipationsPath)) { Content = content };
        request.Headers.Authorization = BrowserSession.Bearer(accessToken);
        // A fresh key per call: each arrival is a new vote, never a retry of an earlier one.
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        using var response = await services.Http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return new HttpReply(response.StatusCode, response.Headers.Location?.OriginalString, response.Content.Headers.ContentType?.MediaType, body);
    }

    /// <summary>The body of a vote in <paramref name="context"/>: <c>{"context":"…"}</c>.</summary>
    public static byte[] VoteBody(string context) => JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["context"] = context });

    /// <summary>The answer of a participation call: 200 with context, status and pseudonym; any other status is a refusal.</summary>
    public static UnicityAnswer ReadParticipation(HttpReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (reply.Code != 200)
        {
            throw LoadFailure.Refused(reply);
        }

        using var document = TokenChecks.Parse(reply.Body, "participation answer");
        var root = document.RootElement;
        return new UnicityAnswer(Member(root, "context"), Member(root, "status"), Member(root, "pseudonym") ?? string.Empty);
    }

    /// <summary>
    /// Fails preparation when the first voter's access token would expire before the run ends
    /// (the tokens are not refreshed).
    /// </summary>
    public static void RequireTokensOutliveRun(DateTimeOffset firstExpiry, DateTimeOffset now, TimeSpan runLength)
    {
        var left = firstExpiry - now;
        if (left < runLength + ExpiryMargin)
        {
            throw new InvalidOperationException(
                $"poll-vote: the voters' access tokens expire in {Math.Max(0, left.TotalSeconds):0} s, before the {runLength.TotalSeconds:0} s run (and {ExpiryMargin.TotalSeconds:0} s of margin) ends. " +
                "Shorten --duration, log in fewer --voters, or give the server a longer access token lifetime (Hawiya__Oidc__AccessTokenLifetime, at most 01:00:00).");
        }
    }

    private static string? Member(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}

/// <summary>
/// A citizen logged in before the run, casting votes with the access token of that login. With
/// several polls the voter votes first in each in turn: polls below <see cref="Rounds"/> may hold
/// their vote, the others do not.
/// </summary>
public sealed class Voter(int citizen, string accessToken, DateTimeOffset expiresAt, int polls = 1)
{
    /// <summary>Per poll, the pseudonym an answer named; null while unknown.</summary>
    private readonly string?[] _pseudonyms = new string?[polls];

    public int Citizen => citizen;

    /// <summary>The bearer token of the votes (never printed).</summary>
    public string AccessToken => accessToken;

    public DateTimeOffset ExpiresAt => expiresAt;

    /// <summary>How many of the polls, taken in order, may have recorded a vote of this voter.</summary>
    public int Rounds { get; private set; }

    /// <summary>Whether a vote of this voter may have been recorded in this run.</summary>
    public bool Voted => Rounds > 0;

    /// <summary>Whether a poll is left where this voter has never voted.</summary>
    public bool HasPollLeft => Rounds < _pseudonyms.Length;

    /// <summary>The pseudonym a poll gave this voter; null until an answer named it.</summary>
    public string? Pseudonym(int poll) => _pseudonyms[poll];

    /// <summary>
    /// The poll of the next vote and whether it must come back <c>repeat</c>: a poll already voted
    /// in, drawn at random, when <paramref name="revote"/> is asked or none is left; else the
    /// next poll in order, for a first vote.
    /// </summary>
    public (int Poll, bool Repeat) NextVote(bool revote, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return (revote && Voted) || !HasPollLeft ? (random.Next(Rounds), true) : (Rounds, false);
    }

    /// <summary>An answer named this voter's pseudonym in <paramref name="poll"/>.</summary>
    public void Recorded(int poll, string pseudonym)
    {
        _pseudonyms[poll] = pseudonym;
        MayHaveVoted(poll);
    }

    /// <summary>A vote in <paramref name="poll"/> was sent: it may be recorded, whatever came back.</summary>
    public void MayHaveVoted(int poll) => Rounds = Math.Max(Rounds, poll + 1);
}

/// <summary>
/// Voters not voting right now, apart those with a poll left to vote first in and those who voted
/// in every poll. A voter casts one vote at a time: two concurrent first votes would rightly get
/// first and repeat in an order the client cannot know.
/// </summary>
public sealed class VoterPool
{
    private readonly ConcurrentQueue<Voter> _fresh;
    private readonly ConcurrentQueue<Voter> _done = new();

    public VoterPool(IEnumerable<Voter> voters)
    {
        _fresh = new ConcurrentQueue<Voter>(voters.Where(v => v.HasPollLeft));
        foreach (var voter in voters.Where(v => !v.HasPollLeft))
        {
            _done.Enqueue(voter);
        }
    }

    /// <summary>Idle voters with a poll left to vote first in.</summary>
    public int Fresh => _fresh.Count;

    /// <summary>Idle voters who voted in every poll.</summary>
    public int Done => _done.Count;

    /// <summary>
    /// An idle voter who voted in every poll when <paramref name="revote"/> is asked, else one
    /// with a poll left; the other kind when none of the asked kind is idle (once every voter has
    /// voted everywhere, every arrival is a repeat vote).
    /// </summary>
    public Voter Lease(bool revote)
    {
        var (first, second) = revote ? (_done, _fresh) : (_fresh, _done);
        return first.TryDequeue(out var voter) || second.TryDequeue(out voter)
            ? voter
            : throw new ClientSaturatedException("no idle voter (raise --voters)");
    }

    public void Return(Voter voter)
    {
        ArgumentNullException.ThrowIfNull(voter);
        (voter.HasPollLeft ? _fresh : _done).Enqueue(voter);
    }
}
