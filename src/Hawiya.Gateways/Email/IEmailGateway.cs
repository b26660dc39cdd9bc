using MimeKit;

namespace Hawiya.Gateways.Email;

/// <summary>Sends email (OTP codes, identity-use alerts) to a citizen's address.</summary>
public interface IEmailGateway
{
    /// <summary>
    /// Sends one message. Never throws for a provider failure: the result says whether the relay
    /// accepted it, may accept it later, or refused it. Bounded by the configured total timeout.
    /// </summary>
    Task<SendResult> SendAsync(EmailMessage message, CancellationToken cancellationToken = default);
}

/// <summary>One email.</summary>
/// <param name="To">Recipient address.</param>
/// <param name="Subject">Subject line.</param>
/// <param name="TextBody">Plain-text body; always sent, so every mail client can show it.</param>
/// <param name="HtmlBody">Optional HTML alternative.</param>
/// <param name="CorrelationId">An id the caller can log, never personal data.</param>
public sealed record EmailMessage(string To, string Subject, string TextBody, string? HtmlBody = null, string? CorrelationId = null)
{
    /// <summary>The local reason this message cannot be sent, or null when it can.</summary>
    public string? Problem()
    {
        if (!IsAddress(To))
        {
            return GatewayReasons.InvalidRecipient;
        }

        return string.IsNullOrWhiteSpace(Subject) || string.IsNullOrWhiteSpace(TextBody)
            || Subject.Contains('\r', StringComparison.Ordinal) || Subject.Contains('\n', StringComparison.Ordinal)
            ? GatewayReasons.InvalidMessage
            : null;
    }

    /// <summary>
    /// True for a single plain addr-spec (RFC 5322 §3.4.1) with a domain. SECURITY: a display name,
    /// a group or several addresses are refused, so a crafted "address" cannot add recipients.
    /// </summary>
    public static bool IsAddress(string? address) =>
        !string.IsNullOrWhiteSpace(address)
        && address.Length <= 254
        && MailboxAddress.TryParse(address, out var mailbox)
        && string.Equals(mailbox.Address, address.Trim(), StringComparison.Ordinal)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.Domain.Length > 0;
}
