using Hawiya.Contracts.Common;
using Hawiya.Contracts.Sessions;
using Hawiya.Server.Pages;

namespace Hawiya.Server.Oidc.Endpoints;

// Card login steps: start (pairing code), wait for the reader agent, outcome.
public sealed partial class LoginSteps
{
    private static bool IsCardMethod(AuthMethod method) =>
        method is AuthMethod.Card or AuthMethod.CardPin or AuthMethod.CardFingerprint;

    private static IAuthSessionCardGrain CardSession(IGrainFactory grains, FlowContext flow) =>
        grains.GetGrain<IAuthSessionCardGrain>(flow.SessionId);

    private async Task<StepOutcome> StartCardAsync(FlowContext flow, AuthMethod method)
    {
        var card = await CardSession(grains, flow).StartCardAsync(method);
        return card.Stage == CardLoginStage.AwaitingReader
            ? Page(CardPages.Card(flow.Frame, card, null))
            : await MethodsPageAsync(flow, flow.Texts["closed"]);
    }

    /// <summary>"Continue" on the card page: on to consent once the card passed, else the page again.</summary>
    private async Task<StepOutcome> CardCheckAsync(FlowContext flow)
    {
        if (flow.View.Authentication is { } authentication)
        {
            return new StepOutcome.Authenticated(authentication);
        }

        return await RenderCardAsync(flow, error: null) ?? StepOutcome.Continue;
    }

    /// <summary>"Another method" while the reader works: the attempt is dropped, its nonce with it.</summary>
    private async Task<StepOutcome> CardCancelAsync(FlowContext flow)
    {
        await CardSession(grains, flow).CancelCardAsync();
        return await MethodsPageAsync(flow, error: null);
    }

    /// <summary>
    /// The card page while a card login is under way; after a failure, the methods page saying
    /// why (once: the attempt is then dropped). Null when there is no card attempt.
    /// </summary>
    private async Task<StepOutcome?> RenderCardAsync(FlowContext flow, string? error)
    {
        var session = CardSession(grains, flow);
        var card = await session.GetCardAsync();
        switch (card.Stage)
        {
            case CardLoginStage.AwaitingReader or CardLoginStage.ReaderPaired:
                return Page(CardPages.Card(flow.Frame, card, error));
            case CardLoginStage.Failed:
                await session.CancelCardAsync();
                return await MethodsPageAsync(flow, CardPages.Failure(flow.Texts, card));
            default:
                return null;
        }
    }
}
