using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace Hawiya.Gateways.Push;

/// <summary>
/// Firebase Cloud Messaging HTTP v1 settings (section <c>Gateways:Push:Fcm</c>). The service-account
/// key is a secret: it comes from configuration (environment, secret store), never from code.
/// </summary>
public sealed partial class FcmOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateways:Push:Fcm";

    /// <summary>API root; replaced by a loopback server in tests.</summary>
    [Required, Url]
    public string BaseUrl { get; set; } = "https://fcm.googleapis.com";

    /// <summary>The Firebase project id the messages are sent for.</summary>
    [Required]
    public string ProjectId { get; set; } = string.Empty;

    /// <summary>The service-account key file's JSON content, as Google issues it.</summary>
    [Required]
    public string ServiceAccountJson { get; set; } = string.Empty;

    /// <summary>
    /// OAuth 2.0 token endpoint. When unset, the key's <c>token_uri</c>, else Google's
    /// <c>https://oauth2.googleapis.com/token</c>. (The JWT's audience stays Google's token URL, as
    /// Google requires, wherever it is posted.)
    /// </summary>
    [Url]
    public string? TokenEndpoint { get; set; }

    /// <summary>Time to live for messages that do not set one. A login challenge is stale within minutes.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "28.00:00:00")]
    public TimeSpan DefaultTimeToLive { get; set; } = TimeSpan.FromMinutes(5);

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(ProjectId) && !ProjectIdPattern().IsMatch(ProjectId))
        {
            yield return new ValidationResult(
                "ProjectId must be a Google Cloud project id (6 to 30 lowercase letters, digits or hyphens).", [nameof(ProjectId)]);
        }

        if (!string.IsNullOrEmpty(ServiceAccountJson) && !ServiceAccountKey.TryParse(ServiceAccountJson, out _, out var error))
        {
            yield return new ValidationResult($"ServiceAccountJson is not a usable service-account key: {error}", [nameof(ServiceAccountJson)]);
        }
    }

    /// <summary>The token endpoint actually used.</summary>
    internal string ResolveTokenEndpoint(ServiceAccountKey key) =>
        TokenEndpoint ?? key.TokenUri ?? "https://oauth2.googleapis.com/token";

    // https://cloud.google.com/resource-manager/docs/creating-managing-projects#before_you_begin
    [GeneratedRegex("^[a-z][a-z0-9-]{4,28}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex ProjectIdPattern();
}
