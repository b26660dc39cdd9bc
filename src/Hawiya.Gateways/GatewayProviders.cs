namespace Hawiya.Gateways;

/// <summary>Which SMS provider serves the platform (<c>Gateways:Sms:Provider</c>).</summary>
public enum SmsProvider
{
    /// <summary>The in-memory development outbox (refused in Production).</summary>
    Outbox,

    /// <summary>Twilio Messages API.</summary>
    Twilio,
}

/// <summary>Which push provider serves the platform (<c>Gateways:Push:Provider</c>).</summary>
public enum PushProvider
{
    /// <summary>The in-memory development outbox (refused in Production).</summary>
    Outbox,

    /// <summary>Firebase Cloud Messaging HTTP v1.</summary>
    Fcm,
}

/// <summary>Which email provider serves the platform (<c>Gateways:Email:Provider</c>).</summary>
public enum EmailProvider
{
    /// <summary>The in-memory development outbox (refused in Production).</summary>
    Outbox,

    /// <summary>An SMTP relay through MailKit.</summary>
    Smtp,
}
