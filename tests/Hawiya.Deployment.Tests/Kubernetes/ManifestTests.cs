using k8s.Models;

namespace Hawiya.Deployment.Tests.Kubernetes;

/// <summary>
/// What infra/k8s promises, checked offline: Kustomize renders it, every object reads into the
/// Kubernetes API types (strict), and the silo's deployment has what the platform relies on.
/// No cluster runs here: admission, scheduling and the probes' answers are not exercised.
/// </summary>
public sealed class ManifestTests
{
    private const string Silo = "hawiya-silo";

    [Fact]
    public async Task Kustomize_RendersTheSiloAndBothCompanions_InTheHawiyaNamespace()
    {
        var manifests = await Manifests.LoadAsync();

        Assert.Equal(["hawiya-portal", "hawiya-sample-provider", Silo], manifests.OfKind<V1Deployment>().Select(d => d.Metadata.Name).Order());
        Assert.All(manifests.Objects.OfType<IMetadata<V1ObjectMeta>>().Where(o => o is not V1Namespace),
            o => Assert.Equal("hawiya", o.Metadata.NamespaceProperty));
    }

    [Theory]
    [InlineData("spec:\n  replicas: 1\n  selectorr: {}\n")]
    [InlineData("spec:\n  replicas: many\n")]
    public void StrictRead_FieldTheApiDoesNotDefineOrOfTheWrongType_Fails(string spec) =>
        Assert.ThrowsAny<Exception>(() => Manifests.Read("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\n" + spec));

    [Fact]
    public async Task Manifests_HoldNoSecret()
    {
        var manifests = await Manifests.LoadAsync();

        Assert.DoesNotContain("kind: Secret", manifests.Yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("DEV-ONLY", manifests.Yaml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SiloDeployment_Probes_AreTheHealthEndpointsOnTheHttpPort()
    {
        var silo = SiloContainer(await Manifests.LoadAsync());

        Assert.Equal("/health/ready", silo.ReadinessProbe.HttpGet.Path);
        Assert.Equal("/health/live", silo.LivenessProbe.HttpGet.Path);
        Assert.Equal("/health/live", silo.StartupProbe.HttpGet.Path);
        Assert.All([silo.ReadinessProbe, silo.LivenessProbe, silo.StartupProbe], p => Assert.Equal("http", p.HttpGet.Port.Value));
        Assert.Contains(silo.Ports, p => p.Name == "http" && p.ContainerPort == 8080);
        Assert.Equal("8080", Env(silo, "ASPNETCORE_HTTP_PORTS").Value);
    }

    [Fact]
    public async Task SiloDeployment_OrleansKubernetesHosting_IsOnWithThePodsNameAddressAndLabels()
    {
        var deployment = (await Manifests.LoadAsync()).Named<V1Deployment>(Silo);
        var silo = SiloContainer(deployment);
        var labels = deployment.Spec.Template.Metadata.Labels;

        Assert.Equal("true", Env(silo, "Hawiya__Cluster__Kubernetes").Value);
        Assert.Equal("metadata.name", Env(silo, "POD_NAME").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", Env(silo, "POD_NAMESPACE").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", Env(silo, "POD_IP").ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", Env(silo, "Hawiya__Cluster__AdvertisedAddress").ValueFrom.FieldRef.FieldPath);
        // The hosting selects the cluster's pods by these labels: they must name our ids.
        Assert.Equal(Env(silo, "Hawiya__Cluster__ServiceId").Value, labels["orleans/serviceId"]);
        Assert.Equal(Env(silo, "Hawiya__Cluster__ClusterId").Value, labels["orleans/clusterId"]);
        Assert.Equal("hawiya-silo", deployment.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public async Task SiloRole_GrantsWhatOrleansKubernetesHostingCalls_ToTheSilosAccountOnly()
    {
        var manifests = await Manifests.LoadAsync();
        var role = manifests.Named<V1Role>("hawiya-silo-pods");
        var binding = manifests.Named<V1RoleBinding>("hawiya-silo-pods");

        var rule = Assert.Single(role.Rules);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(["delete", "get", "list", "patch", "watch"], rule.Verbs.Order());
        Assert.Equal(("Role", role.Metadata.Name), (binding.RoleRef.Kind, binding.RoleRef.Name));
        var subject = Assert.Single(binding.Subjects);
        Assert.Equal(("ServiceAccount", "hawiya-silo"), (subject.Kind, subject.Name));
        Assert.False(manifests.Named<V1Deployment>("hawiya-portal").Spec.Template.Spec.AutomountServiceAccountToken);
    }

    [Fact]
    public async Task SiloDeployment_DatabaseHsmAndSecrets_ComeFromSecretsAndVolumes()
    {
        var deployment = (await Manifests.LoadAsync()).Named<V1Deployment>(Silo);
        var silo = SiloContainer(deployment);
        var volumes = deployment.Spec.Template.Spec.Volumes.ToDictionary(v => v.Name);

        Assert.Equal(("hawiya-database", "connection-string"), SecretKey(Env(silo, "Hawiya__Database__ConnectionString")));
        Assert.Equal(("hawiya-hsm", "pin"), SecretKey(Env(silo, "Hawiya__Hsm__Pin")));
        Assert.Equal("hawiya-silo-secrets", Assert.Single(silo.EnvFrom).SecretRef.Name);
        Assert.Equal("hawiya-pki", volumes["pki"].Secret.SecretName);
        Assert.NotNull(volumes["hsm-module"].HostPath);
        Assert.StartsWith(silo.VolumeMounts.Single(m => m.Name == "hsm-module").MountPath + "/", Env(silo, "Hawiya__Hsm__ModulePath").Value, StringComparison.Ordinal);
        Assert.Equal(silo.VolumeMounts.Single(m => m.Name == "pki").MountPath, Env(silo, "Hawiya__Pki__Directory").Value);
        Assert.All(silo.VolumeMounts.Where(m => m.Name is "pki" or "hsm-module"), m => Assert.True(m.ReadOnlyProperty));
        // Every setting is either literal configuration or a reference: no secret value inline.
        Assert.All(silo.Env.Where(e => e.Name.Contains("Secret", StringComparison.Ordinal) || e.Name.EndsWith("Pin", StringComparison.Ordinal)),
            e => Assert.Null(e.Value));
    }

    [Fact]
    public async Task SiloDisruptionBudget_SelectsTheSiloPods_AndLetsOneGoAtATime()
    {
        var manifests = await Manifests.LoadAsync();
        var deployment = manifests.Named<V1Deployment>(Silo);
        var budget = manifests.Named<V1PodDisruptionBudget>(Silo);

        Assert.Equal("1", budget.Spec.MaxUnavailable.Value.ToString());
        Assert.All(budget.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
        Assert.True(deployment.Spec.Replicas >= 3, "a budget of one down needs several silos");
        Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value.ToString());
        Assert.True(deployment.Spec.Template.Spec.TerminationGracePeriodSeconds >= 30, "a silo needs time to hand its grains over");
    }

    [Theory]
    [InlineData("hawiya-portal", "hawiya-portal-keyring")]
    [InlineData("hawiya-sample-provider", "hawiya-sample-provider-keyring")]
    public async Task CompanionDeployment_KeyRing_IsSharedThroughASecret(string name, string secret)
    {
        var container = Assert.Single((await Manifests.LoadAsync()).Named<V1Deployment>(name).Spec.Template.Spec.Containers);

        Assert.Equal((secret, "connection-string"), SecretKey(Env(container, "KeyRing__ConnectionString")));
        Assert.Equal((secret, "key-id"), SecretKey(Env(container, "KeyRing__EncryptionKeys__0__KeyId")));
        Assert.Equal((secret, "key"), SecretKey(Env(container, "KeyRing__EncryptionKeys__0__Key")));
    }

    [Fact]
    public async Task PortalDeployment_SeveralReplicasOnTheSharedKeyRing_WithABudgetOfOneDown()
    {
        var manifests = await Manifests.LoadAsync();
        var deployment = manifests.Named<V1Deployment>("hawiya-portal");
        var budget = manifests.Named<V1PodDisruptionBudget>("hawiya-portal");

        Assert.True(deployment.Spec.Replicas >= 2, "the portal's replicas share one key ring");
        Assert.Equal("1", budget.Spec.MaxUnavailable.Value.ToString());
        Assert.All(budget.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, deployment.Spec.Template.Metadata.Labels[l.Key]));
        // The demo provider keeps sessions and logouts in memory: one replica until those are shared.
        Assert.Equal(1, manifests.Named<V1Deployment>("hawiya-sample-provider").Spec.Replicas);
    }

    [Fact]
    public async Task EveryContainer_RunsAsNonRootWithoutPrivilege_AndRequestsWhatItNeeds()
    {
        foreach (var deployment in (await Manifests.LoadAsync()).OfKind<V1Deployment>())
        {
            var pod = deployment.Spec.Template.Spec;
            Assert.True(pod.SecurityContext.RunAsNonRoot, deployment.Metadata.Name);
            Assert.NotEqual(0, pod.SecurityContext.RunAsUser);
            foreach (var container in pod.Containers)
            {
                Assert.False(container.SecurityContext.AllowPrivilegeEscalation, container.Name);
                Assert.True(container.SecurityContext.ReadOnlyRootFilesystem, container.Name);
                Assert.Equal(["ALL"], container.SecurityContext.Capabilities.Drop);
                Assert.True(container.Resources.Requests.ContainsKey("cpu") && container.Resources.Requests.ContainsKey("memory"), container.Name);
                Assert.True(container.Resources.Limits.ContainsKey("memory"), container.Name);
                Assert.NotNull(container.ReadinessProbe);
                Assert.NotNull(container.LivenessProbe);
                Assert.Equal("Production", Env(container, "ASPNETCORE_ENVIRONMENT").Value);
            }
        }
    }

    [Fact]
    public async Task SiloResources_AreTheCapacityModelsSilo()
    {
        var silo = SiloContainer(await Manifests.LoadAsync());

        // docs/operations.md: 8 cores per silo (~11.7 ms of silo CPU per login) and 8 GiB.
        Assert.Equal(8m, silo.Resources.Requests["cpu"].ToDecimal());
        Assert.Equal(8m * 1024 * 1024 * 1024, silo.Resources.Requests["memory"].ToDecimal());
        Assert.False(silo.Resources.Limits.ContainsKey("cpu"), "a CPU limit throttles a silo under load; the request reserves its cores");
    }

    [Fact]
    public async Task EveryService_TargetsANamedPortOfTheDeploymentItSelects()
    {
        var manifests = await Manifests.LoadAsync();
        foreach (var service in manifests.OfKind<V1Service>())
        {
            var deployment = Assert.Single(manifests.OfKind<V1Deployment>(), d =>
                service.Spec.Selector.All(l => d.Spec.Template.Metadata.Labels.TryGetValue(l.Key, out var v) && v == l.Value));
            var ports = deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Ports).Select(p => p.Name).ToHashSet();
            Assert.All(service.Spec.Ports, p => Assert.Contains(p.TargetPort.Value, ports));
        }
    }

    private static V1Container SiloContainer(Manifests manifests) => SiloContainer(manifests.Named<V1Deployment>(Silo));

    private static V1Container SiloContainer(V1Deployment deployment) => Assert.Single(deployment.Spec.Template.Spec.Containers);

    private static V1EnvVar Env(V1Container container, string name) => Assert.Single(container.Env, e => e.Name == name);

    private static (string, string) SecretKey(V1EnvVar variable) => (variable.ValueFrom.SecretKeyRef.Name, variable.ValueFrom.SecretKeyRef.Key);
}
