using System.ComponentModel.DataAnnotations;

namespace Hawiya.Hsm;

/// <summary>
/// The PKCS#11 token that holds the platform's private keys (section <c>Hawiya:Hsm</c>). The same
/// code talks to SoftHSM2 in development and tests and to a hardware module in production: only
/// these settings differ.
/// </summary>
public sealed class HsmSettings
{
    public const string Section = "Hawiya:Hsm";

    /// <summary>The PKCS#11 module (shared library), e.g. <c>/usr/lib/softhsm/libsofthsm2.so</c>.</summary>
    public string? ModulePath { get; set; }

    /// <summary>The label of the token (PKCS#11 §5.5 <c>CK_TOKEN_INFO.label</c>) the keys live in.</summary>
    public string? TokenLabel { get; set; }

    /// <summary>The user PIN, from the secret store; never logged.</summary>
    public string? Pin { get; set; }

    /// <summary>
    /// Prefix of every key label this deployment owns (<c>{namespace}/oidc/…</c>), so that several
    /// deployments, or test clusters, can share one token without seeing each other's keys.
    /// </summary>
    [Required] public string KeyNamespace { get; set; } = "hawiya";

    /// <summary>Sessions kept open and logged in; a signature borrows one for its duration.</summary>
    [Range(1, 64)] public int Sessions { get; set; } = 4;

    /// <summary>Whether a token is configured at all.</summary>
    public bool IsConfigured => !string.IsNullOrWhiteSpace(ModulePath);
}
