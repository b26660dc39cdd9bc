using k8s;
using k8s.Models;

namespace Hawiya.Deployment.Tests.Kubernetes;

/// <summary>
/// infra/k8s as Kustomize renders it, read into the Kubernetes API's own types in strict mode: a
/// field the API does not define, a value of the wrong type or an unknown kind fails the read.
/// </summary>
public sealed class Manifests
{
    /// <summary>Every kind infra/k8s may hold; anything else is refused, so a new kind is added here on purpose.</summary>
    private static readonly Dictionary<string, Type> Kinds = new()
    {
        ["v1/Namespace"] = typeof(V1Namespace),
        ["v1/ServiceAccount"] = typeof(V1ServiceAccount),
        ["v1/Service"] = typeof(V1Service),
        ["apps/v1/Deployment"] = typeof(V1Deployment),
        ["policy/v1/PodDisruptionBudget"] = typeof(V1PodDisruptionBudget),
        ["networking.k8s.io/v1/NetworkPolicy"] = typeof(V1NetworkPolicy),
        ["rbac.authorization.k8s.io/v1/Role"] = typeof(V1Role),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = typeof(V1RoleBinding),
    };

    private static readonly Lazy<Task<Manifests>> Rendered = new(RenderAsync);

    private Manifests(string yaml, IReadOnlyList<object> objects) => (Yaml, Objects) = (yaml, objects);

    public string Yaml { get; }

    public IReadOnlyList<object> Objects { get; }

    public static Task<Manifests> LoadAsync() => Rendered.Value;

    public IEnumerable<T> OfKind<T>() => Objects.OfType<T>();

    public T Named<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(Objects.OfType<T>(), o => o.Metadata.Name == name);

    private static async Task<Manifests> RenderAsync()
    {
        var (exitCode, output, error) = await Kubectl.RunAsync("kustomize", "infra/k8s");
        Assert.True(exitCode == 0, "kubectl kustomize failed: " + error);
        return new Manifests(output, Read(output));
    }

    /// <summary>Objects of the known kinds, strictly: unknown fields and wrong types throw.</summary>
    public static List<object> Read(string yaml) => KubernetesYaml.LoadAllFromString(yaml, Kinds, strict: true);
}
