namespace Hawiya.PkiTool;

/// <summary>Writes output that holds private keys or PINs.</summary>
internal static class SecretFile
{
    // SECURITY: owner-only (0600) from creation, so the secret is never readable by others, not even briefly.
    public static void Write(string path, string text)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        try
        {
            using var stream = new FileStream(path, options);
            using var writer = new StreamWriter(stream);
            writer.Write(text);
        }
        catch (IOException) when (File.Exists(path))
        {
            throw new UsageException($"'{path}' already exists: refusing to overwrite it.");
        }
    }

    public static void WritePublic(string path, string text)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"'{path}' already exists: refusing to overwrite it.");
        }

        File.WriteAllText(path, text);
    }

    public static void WritePublic(string path, byte[] bytes)
    {
        if (File.Exists(path))
        {
            throw new UsageException($"'{path}' already exists: refusing to overwrite it.");
        }

        File.WriteAllBytes(path, bytes);
    }
}
