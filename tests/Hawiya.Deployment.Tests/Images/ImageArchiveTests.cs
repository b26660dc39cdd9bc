using System.Text.Json;

namespace Hawiya.Deployment.Tests.Images;

/// <summary>
/// The images infra/images.sh builds, read from their archives: what each starts, as whom, on
/// which ports and with which labels. They match what infra/k8s expects of them.
/// </summary>
public sealed class ImageArchiveTests
{
    private static readonly Dictionary<string, (string Assembly, int[] Ports)> Apps = new()
    {
        ["silo"] = ("Hawiya.Server.dll", [8080, 11111, 30000]),
        ["portal"] = ("Hawiya.Portal.dll", [8080]),
        ["sample-provider"] = ("Hawiya.SampleProvider.dll", [8080]),
    };

    public static TheoryData<string> Images => [.. Apps.Keys];

    [Theory]
    [MemberData(nameof(Images))]
    public void Archive_EntryPoint_RunsTheAppWithTheRuntime(string name)
    {
        var config = ImageArchive.Read(name).Config.GetProperty("config");

        var command = Strings(config, "Entrypoint").Concat(Strings(config, "Cmd")).ToArray();
        var assembly = Apps[name].Assembly;
        Assert.True(command is ["dotnet", var dll] && (dll == assembly || dll.EndsWith("/" + assembly, StringComparison.Ordinal)),
            $"{name}: {string.Join(' ', command)}");
        Assert.Equal("/app", config.GetProperty("WorkingDir").GetString()!.TrimEnd('/'));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Archive_User_IsTheNonRootAppUser(string name)
    {
        var config = ImageArchive.Read(name).Config.GetProperty("config");

        // infra/k8s runs the pods as 1654 with runAsNonRoot, which needs a numeric, non-zero user.
        Assert.Equal("1654", config.GetProperty("User").GetString());
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Archive_ExposedPorts_AreTheAppsPorts(string name)
    {
        var config = ImageArchive.Read(name).Config.GetProperty("config");

        Assert.Equal(Apps[name].Ports.Select(p => $"{p}/tcp").Order(), config.GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order());
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", Strings(config, "Env"));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Archive_Labels_NameTheImageItsVersionAndItsSource(string name)
    {
        var archive = ImageArchive.Read(name);
        var labels = archive.Config.GetProperty("config").GetProperty("Labels");

        Assert.StartsWith("Hawiya", labels.GetProperty("org.opencontainers.image.title").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(labels.GetProperty("org.opencontainers.image.description").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(labels.GetProperty("org.opencontainers.image.version").GetString()));
        Assert.Contains(archive.Tags, t => t.Contains("hawiya/" + name, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Archive_Layers_HoldTheBaseAndTheApp(string name)
    {
        var archive = ImageArchive.Read(name);

        Assert.True(archive.Layers.Count >= 2, "a base layer and the app's layer");
        Assert.All(archive.Layers, l => Assert.True(archive.Entries.ContainsKey(l), $"layer {l} is missing from the archive"));
        Assert.Equal("linux", archive.Config.GetProperty("os").GetString());
    }

    private static IEnumerable<string> Strings(JsonElement config, string property) =>
        config.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().Select(v => v.GetString()!)
            : [];
}
