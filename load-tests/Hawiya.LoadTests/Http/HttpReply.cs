using System.Net;
using System.Text.Json;

namespace Hawiya.LoadTests.Http;

/// <summary>What the server answered to one request: status, redirect target and body, read in full.</summary>
public sealed record HttpReply(HttpStatusCode Status, string? Location, string? MediaType, string Body)
{
    public int Code => (int)Status;

    public bool IsJson => MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;

    /// <summary>The OAuth <c>error</c> of a JSON error body (RFC 6749 §5.2), if any.</summary>
    public string? OAuthError()
    {
        if (!IsJson || Body.Length == 0)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(Body);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.String
                ? error.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A short description for error counts: status, then the OAuth error or the page's error message.</summary>
    public string Describe()
    {
        var detail = OAuthError() ?? HtmlForms.ErrorMessage(Body);
        return detail is null ? $"http {Code}" : $"http {Code} {detail}";
    }
}
