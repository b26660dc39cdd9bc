using System.ComponentModel.DataAnnotations;

namespace Hawiya.Server.CitizenApi;

/// <summary>Who may call the citizen API and how fresh a login must be to change security (section <c>Hawiya:CitizenApi</c>).</summary>
public sealed class CitizenApiSettings
{
    public const string Section = "Hawiya:CitizenApi";

    /// <summary>The one client whose access tokens the citizen API accepts.</summary>
    [Required, RegularExpression("^[a-z0-9][a-z0-9._-]*$")] public string PortalClientId { get; set; } = "citizen-portal";

    /// <summary>How long after the citizen proved it a login may change methods, status, cards or alerts.</summary>
    [Range(typeof(TimeSpan), "00:00:30", "01:00:00")] public TimeSpan StepUpMaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
