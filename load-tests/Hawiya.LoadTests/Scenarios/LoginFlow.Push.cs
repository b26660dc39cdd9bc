using System.Text.RegularExpressions;
using Hawiya.CitizenApp;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using App = Hawiya.CitizenApp.CitizenApp;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// A citizen's phone with the app enrolled, bound to the silo its logins go to: the development
/// outbox that stands in for FCM lives in the memory of the silo that sent the push. Used by one
/// login at a time.
/// </summary>
public sealed class PushDevice(int citizen, Uri target, App app)
{
    /// <summary>The citizen's index in the population.</summary>
    public int Citizen => citizen;

    public Uri Target => target;

    public App App => app;
}

// Push approval with number matching: the page shows a number, the phone signs an approval with it.
public sealed partial class LoginFlow
{
    /// <summary>How often the phone looks for the push while it has not arrived, and for how long.</summary>
    private static readonly TimeSpan PushPollInterval = TimeSpan.FromMilliseconds(20);

    private const int PushPollAttempts = 250;

    /// <summary>
    /// Chooses Push, reads the number the page shows, lets the phone receive the push and approve
    /// with that number (a JWS signed by its device key), then continues the page ("I approved").
    /// Returns the page's answer to that last post: consent or the redirect.
    /// </summary>
    private async Task<HttpReply> ApproveOnPhoneAsync(Operation op, BrowserSession browser, HtmlForm methodForm, PushDevice device, CancellationToken ct)
    {
        var askedAt = services.Time.GetUtcNow();
        var (forms, number) = await op.StepAsync("push-send", async () =>
        {
            var reply = await SubmitAsync(browser, methodForm, ct);
            var shown = Expect(reply, "device_check");
            return (shown, NumberOn(reply.Body) ?? throw LoadFailure.Wrong("the push page shows no number to match"));
        });
        var push = await op.StepAsync("push-receive", () => ReceivePushAsync(device.App, askedAt, ct));
        await op.StepAsync("approve", async () =>
        {
            var answer = await device.App.AnswerAsync(push, "approve", number, match: null, ct);
            return answer.Succeeded ? true : throw ApprovalFailure(answer);
        });
        var answered = await op.StepAsync("continue", () => SubmitAsync(browser, Form(forms, "device_check"), ct));
        ThrowIfRetried(answered, "device_check", "the login still waits after the phone approved it");
        return answered;
    }

    /// <summary>The number a push page asks the citizen to match (<c>data-number</c>), or null.</summary>
    public static string? NumberOn(string html) =>
        ShownNumber().Match(html) is { Success: true } match ? match.Groups[1].Value : null;

    /// <summary>
    /// The approval push sent to this phone since <paramref name="askedAt"/>. The citizen is in
    /// no other login, so it is this login's. The outbox is read again until the push is there
    /// (this wait is part of the "push-receive" step).
    /// </summary>
    public async Task<PushNotification> ReceivePushAsync(App app, DateTimeOffset askedAt, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(app);
        for (var attempt = 0; ; attempt++)
        {
            var pushes = await app.ReceivePushesAsync(ct);
            if (NewestApproval(pushes, askedAt) is { } push)
            {
                return push;
            }

            if (attempt >= PushPollAttempts)
            {
                throw LoadFailure.Unexpected("no push reached the phone");
            }

            await Task.Delay(PushPollInterval, services.Time, ct);
        }
    }

    /// <summary>The newest approval push sent at or after <paramref name="askedAt"/>; pushes come newest first.</summary>
    public static PushNotification? NewestApproval(IEnumerable<PushNotification> pushes, DateTimeOffset askedAt)
    {
        ArgumentNullException.ThrowIfNull(pushes);
        var push = pushes.FirstOrDefault(p => p.Kind == PushNotification.Approval && p.SentAt >= askedAt);
        if (push is not null && (push.SessionId.Length == 0 || push.ChallengeId.Length == 0))
        {
            throw LoadFailure.Wrong("the push names no login or challenge");
        }

        return push;
    }

    /// <summary>
    /// Why the server refused the phone's approval. Refusing the number its own page showed, or
    /// the signature of the key it enrolled, is a wrong answer; anything else is an error.
    /// </summary>
    public static LoadFailure ApprovalFailure(AppResponse answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer.Error switch
        {
            "wrong_number" => LoadFailure.Wrong("the server refused the number its page showed"),
            "invalid_signature" => LoadFailure.Wrong("the server refused the enrolled device's signature"),
            _ => new LoadFailure(answer.Error is null ? $"http {(int)answer.Status}" : $"http {(int)answer.Status} {answer.Error}", wrongAnswer: false),
        };
    }

    [GeneratedRegex("data-number=\"([0-9]+)\"")]
    private static partial Regex ShownNumber();
}
