using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hawiya.Contracts.Citizens;
using Hawiya.Contracts.Journal;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.CitizenApi;

/// <summary>Enrolling from the portal: a new password, a phone number, an email address.</summary>
public sealed partial class CitizenApiTests
{
    private const string NewPassword = "figues de barbarie au miel";

    [Fact]
    public async Task ChangePassword_Eidas1Login_Returns401AskingForAStepUp()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen));

        using var response = await http.PutAsJsonAsync("password", new { password = NewPassword });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("acr_values=\"eidas2\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        Assert.False((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).VerifyPasswordAsync(NewPassword)).Succeeded);
    }

    [Fact]
    public async Task ChangePassword_Eidas2Login_NewPasswordWorksOldOneNoLongerAndItIsJournalled()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.PutAsJsonAsync("password", new { password = NewPassword });

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        var grain = server.Grains.GetGrain<ICitizenGrain>(Key(citizen));
        Assert.True((await grain.VerifyPasswordAsync(NewPassword)).Succeeded);
        Assert.False((await grain.VerifyPasswordAsync(OidcServer.Password)).Succeeded);
        var entry = (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries.First().Event;
        Assert.Equal(JournalEventKind.MethodEnrolled, entry.Kind);
        Assert.Equal("password", entry.Detail);
    }

    [Theory]
    [InlineData("short", "too_short")]
    [InlineData("Password1!", "common")]
    [InlineData("azertyuiop", "common")]
    [InlineData("abcdefghijk", "repetitive")]
    public async Task ChangePassword_RefusedByThePolicy_Returns422WithTheReasonAndKeepsTheOldPassword(string password, string reason)
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.PutAsJsonAsync("password", new { password });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("weak_password", problem.GetProperty("title").GetString());
        Assert.Equal(reason, problem.GetProperty("reason").GetString());
        Assert.True((await server.Grains.GetGrain<ICitizenGrain>(Key(citizen)).VerifyPasswordAsync(OidcServer.Password)).Succeeded);
    }

    [Fact]
    public async Task ChangePassword_MadeOfTheCitizensPhone_Returns422ContextSpecific()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));

        using var response = await http.PutAsJsonAsync("password", new { password = citizen.Phone + "!" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("context_specific", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
    }

    [Fact]
    public async Task EnrollPhone_Eidas2Login_CodeSentToTheNewNumberThenConfirmedChangesThePhone()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));
        var newPhone = "+2127" + Random.Shared.NextInt64(10_000_000, 99_999_999);

        using var started = await http.PostAsJsonAsync("contacts/phone", new { value = newPhone });
        using var confirmed = await http.PostAsJsonAsync("contacts/phone/confirm", new { code = Login.LatestCode(server, newPhone) });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, confirmed.StatusCode);
        var profile = await http.GetFromJsonAsync<JsonElement>("profile");
        Assert.Equal(newPhone, profile.GetProperty("phone").GetString());
        var entry = (await server.Grains.GetGrain<ICitizenJournalGrain>(Key(citizen)).ListAsync(null, 10)).Entries.First().Event;
        Assert.Equal(JournalEventKind.MethodEnrolled, entry.Kind);
        Assert.Equal("phone", entry.Detail);
    }

    [Fact]
    public async Task EnrollEmail_WrongCode_Returns422WithAttemptsLeftAndKeepsTheAddress()
    {
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));
        var before = (await http.GetFromJsonAsync<JsonElement>("profile")).GetProperty("email").GetString();

        using var started = await http.PostAsJsonAsync("contacts/email", new { value = "nouvelle." + Guid.NewGuid().ToString("N")[..8] + "@example.ma" });
        using var wrong = await http.PostAsJsonAsync("contacts/email/confirm", new { code = "000000" });

        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("attemptsLeft").GetInt32() > 0);
        Assert.Equal(before, (await http.GetFromJsonAsync<JsonElement>("profile")).GetProperty("email").GetString());
    }

    [Fact]
    public async Task EnrollPhone_MoreCodesThanTheCitizensBudget_RefusedWith429AndNothingSent()
    {
        // Issue 26, finding 5: contact codes go to any number the caller names, so they are budgeted.
        var citizen = await server.NewCitizenAsync();
        using var http = Api(await AccessTokenAsync(citizen, substantial: true));
        var budget = server.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Hawiya.Server.Abuse.SendBudgetOptions>>().Value.ContactPerCitizen.Limit;
        var numbers = Enumerable.Range(0, budget + 1).Select(_ => "+2127" + Random.Shared.NextInt64(10_000_000, 99_999_999)).ToArray();

        var answers = new List<HttpStatusCode>();
        foreach (var number in numbers)
        {
            using var response = await http.PostAsJsonAsync("contacts/phone", new { value = number });
            answers.Add(response.StatusCode);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.Equal("per_citizen", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("reason").GetString());
            }
        }

        Assert.All(answers[..budget], a => Assert.Equal(HttpStatusCode.Accepted, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, answers[budget]);
        Assert.Empty(server.Outbox.GetMessages(Hawiya.Gateways.Outbox.OutboxChannel.Sms, numbers[budget]));
    }

    [Fact]
    public async Task EnrollContact_BadInputOrLowLogin_ReturnsProblems()
    {
        var citizen = await server.NewCitizenAsync();
        using var strong = Api(await AccessTokenAsync(citizen, substantial: true));
        using var weak = Api(await AccessTokenAsync(citizen));

        using var unknownKind = await strong.PostAsJsonAsync("contacts/pigeon", new { value = "x" });
        using var badNumber = await strong.PostAsJsonAsync("contacts/phone", new { value = "0600000000" });
        using var nothingPending = await strong.PostAsJsonAsync("contacts/email/confirm", new { code = "123456" });
        using var tooWeak = await weak.PostAsJsonAsync("contacts/phone", new { value = "+212700000009" });

        Assert.Equal(HttpStatusCode.NotFound, unknownKind.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Equal("invalid_contact", (await badNumber.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.Conflict, nothingPending.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, tooWeak.StatusCode);
    }
}
