using Hawiya.CitizenApp;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Devices;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;
using App = Hawiya.CitizenApp.CitizenApp;

namespace Hawiya.Server.Tests;

public static partial class CitizenAppClient
{
    /// <summary>
    /// Enrolls a device straight in the citizen grain (no app login), for tests about what
    /// happens to devices rather than how they are enrolled. Returns it with its push token.
    /// </summary>
    public static async Task<(DeviceInfo Device, string PushToken)> EnrollDeviceAsync(OidcServer server, TestCitizen citizen, string label = "Test phone")
    {
        using var key = DeviceKey.Create();
        var token = App.NewPushToken();
        var citizenKey = server.Services.GetRequiredService<PseudonymKeys>().Citizen(citizen.Number);
        var enrolled = await server.Grains.GetGrain<ICitizenDevicesGrain>(citizenKey).EnrollDeviceAsync(
            new DeviceEnrollment { Label = label, PublicKeyX = key.X, PublicKeyY = key.Y, PushToken = token });
        Assert.Equal(DeviceError.None, enrolled.Error);
        return (enrolled.Device!, token);
    }
}
