using Hawiya.Hsm;

namespace Hawiya.Hsm.Tests.Support;

/// <summary>
/// The SoftHSM2 token infra/test.sh initialises for each run (module, label and PIN in the
/// environment, SOFTHSM2_CONF naming its directory). Each caller takes a key namespace of its own.
/// </summary>
public static class TestToken
{
    public static HsmSettings Settings(string keyNamespace) => new()
    {
        ModulePath = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_MODULE") ?? "/usr/lib/softhsm/libsofthsm2.so",
        TokenLabel = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_TOKEN") ?? "hawiya-test",
        Pin = Environment.GetEnvironmentVariable("HAWIYA_TEST_HSM_PIN") ?? "DEV-ONLY-hsm-user-pin",
        KeyNamespace = keyNamespace,
    };

    /// <summary>The same settings as configuration keys, for a host under test.</summary>
    public static Dictionary<string, string?> Configuration(string keyNamespace)
    {
        var s = Settings(keyNamespace);
        return new()
        {
            [$"{HsmSettings.Section}:ModulePath"] = s.ModulePath,
            [$"{HsmSettings.Section}:TokenLabel"] = s.TokenLabel,
            [$"{HsmSettings.Section}:Pin"] = s.Pin,
            [$"{HsmSettings.Section}:KeyNamespace"] = s.KeyNamespace,
        };
    }

    public static string NewNamespace() => "t-" + Guid.NewGuid().ToString("N")[..12];
}
