using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;

namespace Hawiya.Server.CitizenApi;

/// <summary>
/// The citizen's devices (app instances enrolled for push and face logins). Listing shows what
/// the citizen needs to recognise a device; removing one is a security change like turning a
/// method off: a recent eidas2 login, journalled (and so alerted). Enrolling stays in the app.
/// </summary>
internal static class CitizenDeviceEndpoints
{
    /// <summary>The detail of the <c>MethodDisabled</c> journal entry a removed device writes.</summary>
    public const string RemovedDetail = "device";

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/devices", async (HttpContext http, IGrainFactory grains) =>
            Results.Ok(await DevicesAsync(grains, http.Caller().CitizenKey)));

        api.MapDelete("/devices/{deviceId}", async (HttpContext http, IGrainFactory grains, TimeProvider time, string deviceId) =>
        {
            var caller = http.Caller();
            // SECURITY: the grain only knows this citizen's devices; any other id is answered as unknown.
            var result = await grains.GetGrain<ICitizenDevicesGrain>(caller.CitizenKey).RemoveDeviceAsync(deviceId);
            if (result.Error == DeviceError.UnknownDevice)
            {
                return CitizenProblems.NotFound("unknown_device", "No device of yours has this id.");
            }

            if (!result.Succeeded)
            {
                return CitizenProblems.Conflict(result.Error.ToString(), null);
            }

            await CitizenActionEndpoints.RecordAsync(grains, caller, time, JournalEventKind.MethodDisabled, detail: RemovedDetail);
            return Results.Ok(await DevicesAsync(grains, caller.CitizenKey));
        }).AddEndpointFilter<RequireRecentSubstantialLogin>();
    }

    /// <summary>The devices as the citizen sees them: never the public key nor the push token.</summary>
    private static async Task<DeviceView[]> DevicesAsync(IGrainFactory grains, string citizenKey) =>
        [.. (await grains.GetGrain<ICitizenDevicesGrain>(citizenKey).GetDevicesAsync())
            .OrderBy(d => d.EnrolledAt)
            .Select(d => new DeviceView(d.DeviceId, d.Label, d.EnrolledAt))];
}

/// <summary>An enrolled device: its id (RFC 7638 thumbprint of its key), the label the citizen gave it, when it was enrolled.</summary>
public sealed record DeviceView(string Id, string Label, DateTimeOffset EnrolledAt);
