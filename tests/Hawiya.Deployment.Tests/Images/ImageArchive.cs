using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;

namespace Hawiya.Deployment.Tests.Images;

/// <summary>
/// An image archive as infra/images.sh writes it (the SDK's ContainerArchiveOutputPath): a tar,
/// gzipped or not, holding an OCI image layout (index.json, then the manifest and the config as
/// blobs) or the layout `docker load` reads (manifest.json naming the config and the layers).
/// </summary>
public sealed class ImageArchive
{
    private ImageArchive(Dictionary<string, byte[]> entries, JsonElement config, IReadOnlyList<string> layers, IReadOnlyList<string> tags)
    {
        Entries = entries;
        Config = config;
        Layers = layers;
        Tags = tags;
    }

    public static string Directory { get; } =
        Environment.GetEnvironmentVariable("HAWIYA_IMAGES_DIR") ?? Path.Combine(RepositoryRoot.Path, "artifacts", "images");

    public IReadOnlyDictionary<string, byte[]> Entries { get; }

    /// <summary>The image configuration (OCI image spec, "config" member): entry point, user, ports, labels.</summary>
    public JsonElement Config { get; }

    public IReadOnlyList<string> Layers { get; }

    public IReadOnlyList<string> Tags { get; }

    public static ImageArchive Read(string name)
    {
        var path = Path.Combine(Directory, name + ".tar");
        Assert.True(File.Exists(path), $"{path} is missing: the test command builds it with infra/images.sh");
        var entries = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        using (var file = File.OpenRead(path))
        using (var content = IsGzip(file) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file)
        using (var tar = new TarReader(content))
        {
            while (tar.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null)
                {
                    continue;
                }

                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                entries[entry.Name.TrimStart('.', '/')] = data.ToArray();
            }
        }

        return entries.ContainsKey("manifest.json") ? FromDockerLayout(entries) : FromOciLayout(entries);
    }

    private static bool IsGzip(FileStream file)
    {
        Span<byte> magic = stackalloc byte[2];
        var gzip = file.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
        file.Position = 0;
        return gzip;
    }

    private static ImageArchive FromDockerLayout(Dictionary<string, byte[]> entries)
    {
        using var manifest = JsonDocument.Parse(entries["manifest.json"]);
        var image = Assert.Single(manifest.RootElement.EnumerateArray());
        var config = Json(entries[image.GetProperty("Config").GetString()!]);
        var layers = image.GetProperty("Layers").EnumerateArray().Select(l => l.GetString()!).ToArray();
        var tags = image.TryGetProperty("RepoTags", out var repoTags) ? repoTags.EnumerateArray().Select(t => t.GetString()!).ToArray() : [];
        return new ImageArchive(entries, config, layers, tags);
    }

    private static ImageArchive FromOciLayout(Dictionary<string, byte[]> entries)
    {
        var index = Json(entries["index.json"]);
        var descriptor = Assert.Single(index.GetProperty("manifests").EnumerateArray());
        var manifest = Json(entries[Blob(descriptor)]);
        var config = Json(entries[Blob(manifest.GetProperty("config"))]);
        var layers = manifest.GetProperty("layers").EnumerateArray().Select(Blob).ToArray();
        // The full name (registry/repository:tag) where the writer gave it, else the tag alone.
        string[] tags = descriptor.TryGetProperty("annotations", out var annotations)
            ? [.. new[] { "io.containerd.image.name", "org.opencontainers.image.ref.name" }
                .Where(k => annotations.TryGetProperty(k, out _)).Select(k => annotations.GetProperty(k).GetString()!)]
            : [];
        return new ImageArchive(entries, config, layers, tags);
    }

    private static string Blob(JsonElement descriptor) => "blobs/" + descriptor.GetProperty("digest").GetString()!.Replace(':', '/');

    private static JsonElement Json(byte[] bytes)
    {
        using var document = JsonDocument.Parse(bytes);
        return document.RootElement.Clone();
    }
}
