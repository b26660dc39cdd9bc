using System.Globalization;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Sessions;
using Hawiya.Gateways.Push;
using Hawiya.Server.Pages;

namespace Hawiya.Server.Oidc.Endpoints;

// Push approval and face check: the page shows a number (push) and waits for the citizen's app.
public sealed partial class LoginSteps
{
    /// <summary>How often the waiting page reloads itself (no JavaScript: a meta refresh).</summary>
    private const int DevicePollSeconds = 3;

    private async Task<StepOutcome> StartDeviceAsync(FlowContext flow, AuthMethod method)
    {
        var devices = grains.GetGrain<IAuthSessionDevicesGrain>(flow.SessionId);
        var issued = await devices.StartDeviceChallengeAsync(method);
        switch (issued.Error)
        {
            case ChallengeError.None:
                break;
            case ChallengeError.Throttled:
                return await MethodsPageAsync(flow, flow.Texts["push_throttled"]);
            case ChallengeError.SessionClosed:
                return NotCompletedInTime;
            default:
                return await MethodsPageAsync(flow, error: null);
        }

        // A challenge with no device is the one a citizen without the method gets: nothing to send,
        // and the page waits as for anyone (issue 26, finding 12).
        if (issued.Devices.Length > 0 && !await NotifyDevicesAsync(flow, issued))
        {
            await devices.CancelDeviceChallengeAsync();
            flow.View = await flow.Session.GetAsync();
            return await MethodsPageAsync(flow, flow.Texts["send_failed"]);
        }

        flow.View = await flow.Session.GetAsync();
        return await DevicePageAsync(flow, error: null);
    }

    /// <summary>A push slower than this is abandoned; the page then offers another method.</summary>
    private static readonly TimeSpan PushSendBudget = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Sends the challenge to every device of the citizen; the push carries no number (the page
    /// shows it) so that approving blindly is not possible. A token FCM reports dead removes its device.
    /// </summary>
    private async Task<bool> NotifyDevicesAsync(FlowContext flow, DeviceChallengeIssued issued)
    {
        var body = string.Format(CultureInfo.InvariantCulture, flow.Texts["push_body"], flow.ProviderName);
        var data = new Dictionary<string, string>
        {
            ["kind"] = issued.Method == AuthMethod.Face ? "face" : "push",
            ["sid"] = flow.SessionId,
            ["cid"] = issued.ChallengeId,
            ["provider"] = flow.ProviderName,
        };
        var ttl = issued.ExpiresAt is { } expires ? expires - time.GetUtcNow() : (TimeSpan?)null;
        var results = await Task.WhenAll(issued.Devices.Select(async device =>
        {
            var sent = await push.SendAsync(new PushMessage(device.PushToken, flow.Texts["push_title"], body, data, ttl, flow.SessionId))
                .WaitAsync(PushSendBudget, time)
                .ContinueWith(t => t.IsCompletedSuccessfully ? t.Result : null, TaskScheduler.Default);
            if (sent?.Status == Hawiya.Gateways.PushSendStatus.Unregistered)
            {
                await grains.GetGrain<ICitizenDevicesGrain>(flow.View.CitizenKey!).RemoveDeviceByPushTokenAsync(device.PushToken);
            }

            return sent?.IsAccepted == true;
        }));
        return results.Any(accepted => accepted);
    }

    private async Task<StepOutcome> DeviceStepAsync(FlowContext flow, string step)
    {
        if (step == "device_cancel")
        {
            await grains.GetGrain<IAuthSessionDevicesGrain>(flow.SessionId).CancelDeviceChallengeAsync();
            flow.View = await flow.Session.GetAsync();
            return await MethodsPageAsync(flow, error: null);
        }

        if (flow.View.Authentication is { } authentication)
        {
            // Approved on the phone: this browser gets the single sign-on the password would have given it.
            return new StepOutcome.Authenticated(authentication);
        }

        if (flow.View.DevicePrompt is null && flow.View.PassedMethods.Length > 0)
        {
            // Approved, but this level needs one more factor (step-up).
            return await MethodsPageAsync(flow, error: null, stepUp: true);
        }

        return await RenderLoginAsync(flow, flow.View.DevicePrompt is null ? null : flow.Texts["device_waiting"]);
    }

    private async Task<StepOutcome> DevicePageAsync(FlowContext flow, string? error)
    {
        var prompt = flow.View.DevicePrompt!;
        var expired = time.GetUtcNow() >= prompt.ExpiresAt;
        if (prompt.Denied || expired)
        {
            await grains.GetGrain<IAuthSessionDevicesGrain>(flow.SessionId).CancelDeviceChallengeAsync();
            flow.View = await flow.Session.GetAsync();
            return await MethodsPageAsync(flow, flow.Texts[prompt.Denied ? "device_denied" : "expired"]);
        }

        return Page(LoginPages.Device(flow.Frame, prompt, DevicePollSeconds, error));
    }
}
