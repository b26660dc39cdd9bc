using System.Text.Json;

namespace Hawiya.CitizenAppCli;

/// <summary>
/// What the simulated phone keeps between commands: the server, the device key (PKCS#8 PEM)
/// and the push token. Development only: a real phone keeps its key in its secure hardware.
/// </summary>
public sealed record AppState(string Server, string KeyPem, string PushToken, string Label)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static AppState? Load(string path) =>
        File.Exists(path) ? JsonSerializer.Deserialize<AppState>(File.ReadAllText(path), Json) : null;

    public void Save(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        File.WriteAllText(path, JsonSerializer.Serialize(this, Json));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }
}
