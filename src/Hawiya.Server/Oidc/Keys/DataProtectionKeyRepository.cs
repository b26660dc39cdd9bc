using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace Hawiya.Server.Oidc.Keys;

/// <summary>
/// The Data Protection key ring in PostgreSQL, so a cookie issued by one silo opens on every other;
/// each key's secret arrives here wrapped (<see cref="AesGcmXmlEncryptor"/>).
/// </summary>
internal sealed class DataProtectionKeyRepository(SharedKeyTable keys) : IXmlRepository
{
    private const string Purpose = "data-protection";

    public IReadOnlyCollection<XElement> GetAllElements() =>
        keys.List(Purpose).Select(k => XElement.Parse(k.Material)).ToArray();

    public void StoreElement(XElement element, string friendlyName) =>
        keys.Add(Purpose, friendlyName, element.ToString(SaveOptions.DisableFormatting));
}
