using System.Security.Cryptography;
using System.Text;
using Net.Pkcs11Interop.Common;
using Net.Pkcs11Interop.HighLevelAPI;
using Net.Pkcs11Interop.HighLevelAPI.Factories;

namespace Hawiya.Hsm;

/// <summary>
/// The token named by <see cref="HsmSettings"/>: keys generated in it, found by label, and
/// signatures made by it. SECURITY: every private key is created sensitive and not extractable
/// (PKCS#11 §4.9: <c>CKA_SENSITIVE</c>, <c>CKA_EXTRACTABLE</c>), so its value never leaves the token;
/// nothing here can read it, and only the public half is exported.
/// </summary>
public sealed class HsmToken : IDisposable
{
    // DER of the OID 1.2.840.10045.3.1.7 (secp256r1), the CKA_EC_PARAMS of a P-256 key (PKCS#11 §2.3.3).
    private static readonly byte[] P256Parameters = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07];

    private readonly string _modulePath;
    private readonly SessionPool _pool;

    private HsmToken(string modulePath, SessionPool pool)
    {
        _modulePath = modulePath;
        _pool = pool;
    }

    public static HsmToken Open(HsmSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsConfigured || string.IsNullOrEmpty(settings.TokenLabel) || string.IsNullOrEmpty(settings.Pin))
        {
            throw new HsmException($"{HsmSettings.Section}: ModulePath, TokenLabel and Pin are all needed");
        }

        var library = ModuleLibraries.Acquire(settings.ModulePath!);
        try
        {
            var slot = library.GetSlotList(SlotsType.WithTokenPresent)
                .FirstOrDefault(s => s.GetTokenInfo().Label.Trim() == settings.TokenLabel)
                ?? throw new HsmException($"no token labelled '{settings.TokenLabel}' in {settings.ModulePath}");
            return new HsmToken(settings.ModulePath!, new SessionPool(slot, settings.Pin, settings.Sessions));
        }
        catch
        {
            ModuleLibraries.Release(settings.ModulePath!);
            throw;
        }
    }

    /// <summary>Generates an EC P-256 key pair in the token under <paramref name="label"/>.</summary>
    public HsmKey GenerateEcP256(string label) => Generate(label, CKM.CKM_EC_KEY_PAIR_GEN, (f, attributes) =>
        attributes.Add(f.Create(CKA.CKA_EC_PARAMS, P256Parameters)));

    /// <summary>Generates an RSA key pair of <paramref name="bits"/> in the token, public exponent 65537.</summary>
    public HsmKey GenerateRsa(string label, int bits = 2048) => Generate(label, CKM.CKM_RSA_PKCS_KEY_PAIR_GEN, (f, attributes) =>
    {
        attributes.Add(f.Create(CKA.CKA_MODULUS_BITS, (ulong)bits));
        attributes.Add(f.Create(CKA.CKA_PUBLIC_EXPONENT, new byte[] { 0x01, 0x00, 0x01 }));
    });

    /// <summary>The private keys whose label starts with <paramref name="prefix"/>, in label order.</summary>
    public IReadOnlyList<HsmKey> FindKeys(string prefix) => _pool.Run(session =>
    {
        var f = session.Factories.ObjectAttributeFactory;
        var keys = new List<HsmKey>();
        foreach (var handle in session.FindAllObjects([f.Create(CKA.CKA_CLASS, CKO.CKO_PRIVATE_KEY)]))
        {
            var label = session.GetAttributeValue(handle, [CKA.CKA_LABEL])[0].GetValueAsString() ?? string.Empty;
            if (label.StartsWith(prefix, StringComparison.Ordinal))
            {
                keys.Add(Read(session, handle, label));
            }
        }

        return (IReadOnlyList<HsmKey>)[.. keys.OrderBy(k => k.Label, StringComparer.Ordinal)];
    });

    /// <summary>The key labelled <paramref name="label"/>, or null.</summary>
    public HsmKey? FindKey(string label) => FindKeys(label).FirstOrDefault(k => k.Label == label);

    /// <summary>
    /// The protection attributes of a private key as the token reports them: whether it is
    /// sensitive, extractable, and was always sensitive and never extractable (PKCS#11 §4.9).
    /// </summary>
    public (bool Sensitive, bool Extractable, bool AlwaysSensitive, bool NeverExtractable) Protection(HsmKey key) => _pool.Run(session =>
    {
        var values = session.GetAttributeValue(key.Handle,
            [CKA.CKA_SENSITIVE, CKA.CKA_EXTRACTABLE, CKA.CKA_ALWAYS_SENSITIVE, CKA.CKA_NEVER_EXTRACTABLE]);
        return (values[0].GetValueAsBool(), values[1].GetValueAsBool(), values[2].GetValueAsBool(), values[3].GetValueAsBool());
    });

    /// <summary>Destroys both halves of a key pair (retired keys, test keys).</summary>
    public void Destroy(HsmKey key) => _pool.Run(session =>
    {
        var f = session.Factories.ObjectAttributeFactory;
        foreach (var handle in session.FindAllObjects([f.Create(CKA.CKA_LABEL, key.Label)]))
        {
            session.DestroyObject(handle);
        }

        return true;
    });

    /// <summary>One signature by the token with <paramref name="mechanism"/> over <paramref name="input"/>.</summary>
    internal byte[] Sign(HsmKey key, CKM mechanism, byte[] input) => _pool.Run(session =>
    {
        using var m = session.Factories.MechanismFactory.Create(mechanism);
        return session.Sign(m, key.Handle, input);
    });

    private HsmKey Generate(string label, CKM mechanism, Action<IObjectAttributeFactory, List<IObjectAttribute>> publicParameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        return _pool.Run(session =>
        {
            var f = session.Factories.ObjectAttributeFactory;
            var id = SHA256.HashData(Encoding.UTF8.GetBytes(label))[..16];
            var publicTemplate = new List<IObjectAttribute>
            {
                f.Create(CKA.CKA_TOKEN, true),
                f.Create(CKA.CKA_PRIVATE, false),
                f.Create(CKA.CKA_VERIFY, true),
                f.Create(CKA.CKA_LABEL, label),
                f.Create(CKA.CKA_ID, id),
            };
            publicParameters(f, publicTemplate);
            var privateTemplate = new List<IObjectAttribute>
            {
                f.Create(CKA.CKA_TOKEN, true),
                f.Create(CKA.CKA_PRIVATE, true),
                // SECURITY: never readable, never wrappable out of the token.
                f.Create(CKA.CKA_SENSITIVE, true),
                f.Create(CKA.CKA_EXTRACTABLE, false),
                f.Create(CKA.CKA_SIGN, true),
                f.Create(CKA.CKA_DECRYPT, false),
                f.Create(CKA.CKA_DERIVE, false),
                f.Create(CKA.CKA_LABEL, label),
                f.Create(CKA.CKA_ID, id),
            };
            using var m = session.Factories.MechanismFactory.Create(mechanism);
            session.GenerateKeyPair(m, publicTemplate, privateTemplate, out _, out var privateKey);
            return Read(session, privateKey, label);
        });
    }

    private HsmKey Read(ISession session, IObjectHandle privateKey, string label)
    {
        var f = session.Factories.ObjectAttributeFactory;
        var keyType = (CKK)session.GetAttributeValue(privateKey, [CKA.CKA_KEY_TYPE])[0].GetValueAsUlong();
        var id = session.GetAttributeValue(privateKey, [CKA.CKA_ID])[0].GetValueAsByteArray();
        var publicKey = session.FindAllObjects([f.Create(CKA.CKA_CLASS, CKO.CKO_PUBLIC_KEY), f.Create(CKA.CKA_ID, id)]).FirstOrDefault()
            ?? throw new HsmException($"key {label} has no public key object in the token");
        switch (keyType)
        {
            case CKK.CKK_EC:
                var point = session.GetAttributeValue(publicKey, [CKA.CKA_EC_POINT])[0].GetValueAsByteArray();
                return new HsmKey(this, label, HsmKeyType.EcP256, privateKey, EcPoint(point, label), null);
            case CKK.CKK_RSA:
                var values = session.GetAttributeValue(publicKey, [CKA.CKA_MODULUS, CKA.CKA_PUBLIC_EXPONENT]);
                return new HsmKey(this, label, HsmKeyType.Rsa, privateKey, null,
                    new RSAParameters { Modulus = values[0].GetValueAsByteArray(), Exponent = values[1].GetValueAsByteArray() });
            default:
                throw new HsmException($"key {label} is of a type not used here ({keyType})");
        }
    }

    /// <summary>
    /// <c>CKA_EC_POINT</c> is the DER OCTET STRING of the uncompressed point (PKCS#11 §2.3.3);
    /// some modules give the bare point. Either way: 0x04 ‖ X ‖ Y, 32 bytes each for P-256.
    /// </summary>
    private static ECParameters EcPoint(byte[] value, string label)
    {
        var point = value is [0x04, 0x41, ..] && value.Length == 67 ? value[2..] : value;
        if (point.Length != 65 || point[0] != 0x04)
        {
            throw new HsmException($"key {label}: the token's EC point is not an uncompressed P-256 point");
        }

        return new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        };
    }

    public void Dispose()
    {
        _pool.Dispose();
        ModuleLibraries.Release(_modulePath);
    }
}
