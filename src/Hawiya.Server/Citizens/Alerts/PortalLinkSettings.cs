using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.Citizens.Alerts;

/// <summary>Where alerts send the citizen (section <c>Hawiya:Portal</c>).</summary>
public sealed class PortalLinkSettings
{
    public const string Section = "Hawiya:Portal";

    /// <summary>The citizen portal; alerts link to its "not me" page under it.</summary>
    [Required] public Uri BaseUrl { get; set; } = new("http://127.0.0.1:5095/");

    public Uri NotMePage => new(BaseUrl, "not-me");
}
