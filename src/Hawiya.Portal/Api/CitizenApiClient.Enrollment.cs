using System.Text.Json;

namespace Hawiya.Portal.Api;

/// <summary>Enrolling from the portal: a new password, a phone number or an email address (each at eidas2).</summary>
internal sealed partial class CitizenApiClient
{
    public Task<ApiResult<JsonElement>> ChangePasswordAsync(string password) =>
        SendAsync<JsonElement>(HttpMethod.Put, "password", new { password });

    /// <summary><paramref name="kind"/> is <c>phone</c> or <c>email</c>; a code is sent to <paramref name="value"/>.</summary>
    public Task<ApiResult<JsonElement>> StartContactAsync(string kind, string value) =>
        SendAsync<JsonElement>(HttpMethod.Post, "contacts/" + Uri.EscapeDataString(kind), new { value });

    public Task<ApiResult<JsonElement>> ConfirmContactAsync(string kind, string code) =>
        SendAsync<JsonElement>(HttpMethod.Post, $"contacts/{Uri.EscapeDataString(kind)}/confirm", new { code });
}
