namespace Hawiya.Server.Hosting;

/// <summary>
/// Whether the silo runs under Orleans' Kubernetes hosting (<c>Microsoft.Orleans.Hosting.Kubernetes</c>):
/// the silo is named after its pod, labels its pod with the cluster and service ids, and declares
/// dead the silos whose pods were deleted, instead of waiting for the membership probes to time out.
/// Off on a machine outside Kubernetes (the run and test commands): the hosting would otherwise
/// look for a Kubernetes API server that is not there.
/// </summary>
public static class KubernetesHosting
{
    /// <summary><c>true</c> or <c>false</c>; unset, the pod's environment decides.</summary>
    public const string Setting = ClusterSettings.Section + ":Kubernetes";

    /// <summary>Set by the kubelet in every pod's containers (the API server's service).</summary>
    public const string ServiceHostVariable = "KUBERNETES_SERVICE_HOST";

    /// <summary>Set from the downward API by infra/k8s; the Kubernetes hosting names the silo after it.</summary>
    public const string PodNameVariable = "POD_NAME";

    /// <summary>
    /// On when <see cref="Setting"/> says so; when it is unset, on only inside a pod that was given
    /// its name (both variables present). A value that is not a boolean leaves it off: the settings
    /// check names that value with its key at start-up.
    /// </summary>
    public static bool IsEnabled(IConfiguration configuration, Func<string, string?> environment)
    {
        var configured = configuration[Setting];
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return bool.TryParse(configured, out var enabled) && enabled;
        }

        return !string.IsNullOrEmpty(environment(ServiceHostVariable)) && !string.IsNullOrEmpty(environment(PodNameVariable));
    }
}
