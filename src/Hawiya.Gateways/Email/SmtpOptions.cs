using System.ComponentModel.DataAnnotations;
using MailKit.Security;

namespace Hawiya.Gateways.Email;

/// <summary>
/// SMTP relay settings (section <c>Gateways:Email:Smtp</c>). The password is a secret: it comes from
/// configuration (environment, secret store), never from code.
/// </summary>
public sealed class SmtpOptions : IValidatableObject
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "Gateways:Email:Smtp";

    /// <summary>Relay host name.</summary>
    [Required]
    public string Host { get; set; } = string.Empty;

    /// <summary>Relay port: 587 for submission with STARTTLS (RFC 6409), 465 for implicit TLS (RFC 8314).</summary>
    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    /// <summary>TLS mode: StartTls, SslOnConnect, Auto, StartTlsWhenAvailable or None (MailKit's names).</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTls;

    /// <summary>User for SMTP AUTH; leave empty for a relay that trusts the network.</summary>
    public string? UserName { get; set; }

    /// <summary>Password for SMTP AUTH.</summary>
    public string? Password { get; set; }

    /// <summary>Envelope and header sender.</summary>
    [Required, EmailAddress]
    public string FromAddress { get; set; } = string.Empty;

    /// <summary>Display name of the sender.</summary>
    public string FromName { get; set; } = "Hawiya";

    /// <summary>Name announced in EHLO; the machine name when unset.</summary>
    public string? LocalDomain { get; set; }

    /// <summary>True when TLS cannot be stripped by someone on the path.</summary>
    internal bool RequiresTls => Security is SecureSocketOptions.StartTls or SecureSocketOptions.SslOnConnect;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (string.IsNullOrEmpty(UserName) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("Set both UserName and Password, or neither.", [nameof(UserName), nameof(Password)]);
        }
    }
}
