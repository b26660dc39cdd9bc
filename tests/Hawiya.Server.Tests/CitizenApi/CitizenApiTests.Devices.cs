using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Contracts.Devices;
using Hawiya.Contracts.Journal;
using Hawiya.Gateways.Outbox;
using Hawiya.Server.Tests.Citizens;

namespace Hawiya.Server.Tests.CitizenApi;

// The citizen's devices through the API: listed without key or token, removed only after a step-up.
public sealed partial class CitizenApiTests
{
    [Fact]
    public async Task Devices_Enrolled_ListedWithIdLabelAndDateButNeitherKeyNorPushToken()
    {
        var citizen = await server.NewCitizenAsync();
        var (device, token) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "Salma's phone");
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.GetAsync("devices");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var listed = Assert.Single(JsonDocument.Parse(body).RootElement.EnumerateArray());
        Assert.Equal(device.DeviceId, listed.GetProperty("id").GetString());
        Assert.Equal("Salma's phone", listed.GetProperty("label").GetString());
        Assert.Equal(device.EnrolledAt, listed.GetProperty("enrolledAt").GetDateTimeOffset());
        Assert.Equal(["enrolledAt", "id", "label"], listed.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(token, body, StringComparison.Ordinal);
        Assert.DoesNotContain(device.PublicKeyX, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveDevice_Eidas1Login_Returns401AskingForAStepUpAndKeepsIt()
    {
        var citizen = await server.NewCitizenAsync();
        var (device, _) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "phone");
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.DeleteAsync("devices/" + device.DeviceId);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"insufficient_user_authentication\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Contains("acr_values=\"eidas2\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.Single(await server.Grains.GetGrain<ICitizenDevicesGrain>(Key(citizen)).GetDevicesAsync());
    }

    [Fact]
    public async Task RemoveDevice_Eidas2Login_RemovesItJournalsMethodDisabledAndAlertsTheOtherDevice()
    {
        var citizen = await server.NewCitizenAsync();
        var (gone, _) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "old phone");
        var (kept, keptToken) = await CitizenAppClient.EnrollDeviceAsync(server, citizen, "new phone");
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.DeleteAsync("devices/" + gone.DeviceId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var remaining = Assert.Single((await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray());
        Assert.Equal(kept.DeviceId, remaining.GetProperty("id").GetString());
        Assert.Equal(kept.DeviceId, Assert.Single(await server.Grains.GetGrain<ICitizenDevicesGrain>(Key(citizen)).GetDevicesAsync()).DeviceId);
        var journal = await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10);
        var entry = journal.Entries.First().Event;
        Assert.Equal(JournalEventKind.MethodDisabled, entry.Kind);
        Assert.Equal("device", entry.Detail);
        var alert = await AlertPushTests.WaitForAsync(() => server.Outbox.GetMessages(OutboxChannel.Push, keptToken)
            .FirstOrDefault(m => m.Data.TryGetValue("event", out var e) && e == "MethodDisabled"));
        Assert.Contains("méthode de connexion désactivée", alert.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RemoveDevice_UnknownId_Returns404AndJournalsNothing()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));
        var before = (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries.Length;

        using var response = await http.DeleteAsync("devices/not-a-device");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_device", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(before, (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries.Length);
    }
}
