namespace Hawiya.Contracts.Common;

/// <summary>The eight authentication methods of the national trusted third party.</summary>
/// <remarks>Numeric values are persisted: never renumber.</remarks>
[GenerateSerializer, Alias("hawiya.AuthMethod")]
public enum AuthMethod
{
    Password = 0,
    Sms = 1,
    Email = 2,
    Push = 3,
    Face = 4,
    Card = 5,
    CardPin = 6,
    CardFingerprint = 7,
}
