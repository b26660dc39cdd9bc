using Hawiya.LoadTests.Http;

namespace Hawiya.LoadTests.Checks;

/// <summary>
/// Why one virtual login failed. <see cref="WrongAnswer"/> marks an answer that is incorrect,
/// not merely refused or slow (a bad signature, another citizen's claims, a reused refresh token
/// accepted): one of those fails the whole run whatever its speed. <see cref="Exception.Message"/>
/// is the kind errors are counted by, so it never carries a code, a password or a token.
/// </summary>
public sealed class LoadFailure : Exception
{
    public LoadFailure(string kind, bool wrongAnswer)
        : base(kind)
    {
        WrongAnswer = wrongAnswer;
    }

    public bool WrongAnswer { get; }

    public string Kind => Message;

    /// <summary>
    /// The platform's traffic control shed the request before any endpoint read it (429 or 503 with
    /// Retry-After): nothing it carried was used, so a refresh token sent with it is still the newest.
    /// </summary>
    public bool Shed { get; private init; }

    /// <summary>The server answered, but not what a correct server must answer.</summary>
    public static LoadFailure Wrong(string reason) => new("wrong answer: " + reason, wrongAnswer: true);

    /// <summary>The server refused or could not serve (status, OAuth error or page error).</summary>
    public static LoadFailure Refused(HttpReply reply) => new(reply.Describe(), wrongAnswer: false)
    {
        Shed = reply.Code is 429 or 503,
    };

    /// <summary>The server answered something the flow cannot continue from, without it being provably wrong.</summary>
    public static LoadFailure Unexpected(string what) => new("unexpected: " + what, wrongAnswer: false);
}

/// <summary>A failure tagged with the step of the flow it happened in.</summary>
public sealed class StepFailure : Exception
{
    public StepFailure(string step, Exception innerException)
        : base($"{step}: {innerException?.Message}", innerException)
    {
        Step = step;
    }

    public string Step { get; }
}
