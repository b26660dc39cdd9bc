namespace Hawiya.Contracts.Providers;

/// <summary>Accreditation life cycle of a service provider. Numeric values are persisted.</summary>
[GenerateSerializer, Alias("hawiya.ProviderStatus")]
public enum ProviderStatus
{
    /// <summary>No registration yet.</summary>
    Unknown = 0,
    /// <summary>Registered, waiting for accreditation: gets nothing.</summary>
    Requested = 1,
    Accredited = 2,
    /// <summary>Refused at once on every endpoint until reinstated.</summary>
    Suspended = 3,
}

/// <summary>How a provider authenticates at the token endpoint (OIDC Core §9).</summary>
[GenerateSerializer, Alias("hawiya.ClientAuthMethod")]
public enum ClientAuthMethod
{
    ClientSecretBasic = 0,
    ClientSecretPost = 1,
    PrivateKeyJwt = 2,
    /// <summary>A public client (RFC 6749 §2.1), such as the citizen's own app: no secret, PKCE only.</summary>
    None = 20,
}

[GenerateSerializer, Alias("hawiya.ProviderError")]
public enum ProviderError
{
    None = 0,
    ForbiddenTransition = 1,
    InvalidRegistration = 2,
}
