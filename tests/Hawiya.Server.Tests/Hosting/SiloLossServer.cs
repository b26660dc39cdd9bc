using System.Diagnostics;
using System.Security.Cryptography;
using Hawiya.Server.Tests.Oidc;
using Microsoft.Extensions.DependencyInjection;

namespace Hawiya.Server.Tests.Hosting;

/// <summary>
/// The whole server in the test process (the survivor, which the tests talk to) and a second silo
/// of the same cluster in a process of its own, started as an operator starts a silo
/// (<c>dotnet Hawiya.Server.dll</c>, Development settings, its own ports), which a test kills with
/// SIGKILL: no shutdown, no membership update, its sockets gone, as <c>kill -9</c> or a lost
/// machine leaves it. Grains placed on it are lost with it until the survivor declares it dead.
/// </summary>
public sealed class SiloLossServer : OidcServer
{
    /// <summary>One key for both silos, so that what one encrypts the other opens.</summary>
    private readonly string _encryptionKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
    private Process? _other;

    /// <summary>The silo in its own process, while it runs.</summary>
    public SiloAddress? OtherSilo { get; private set; }

    /// <summary>
    /// Real time, as the other silo keeps: a code issued here may be redeemed by a grain that
    /// lived there, and both must agree on its age.
    /// </summary>
    protected override void ConfigureMoreServices(IServiceCollection services) => services.AddSingleton(TimeProvider.System);

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
        [new("Hawiya:Oidc:EncryptionKey", _encryptionKey)];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var here = Services.GetRequiredService<ILocalSiloDetails>().SiloAddress;
        _other = StartOtherSilo();
        var membership = Services.GetRequiredService<IClusterMembershipService>();
        // The bound only keeps a silo that never joins from hanging the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        while (OtherSilo is null)
        {
            if (_other.HasExited)
            {
                throw new InvalidOperationException($"The second silo exited ({_other.ExitCode}) before it joined the cluster.");
            }

            OtherSilo = membership.CurrentSnapshot.Members.Values
                .FirstOrDefault(m => m.Status == SiloStatus.Active && !m.SiloAddress.Equals(here))?.SiloAddress;
            await Task.Delay(200, bound.Token);
        }
    }

    /// <summary>Kills the other silo's process at once (SIGKILL on Linux).</summary>
    public void KillOtherSilo()
    {
        _other?.Kill(entireProcessTree: true);
        _other?.WaitForExit(TimeSpan.FromSeconds(10));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_other is { HasExited: false })
        {
            KillOtherSilo();
        }

        _other?.Dispose();
        await base.DisposeAsync();
    }

    private Process StartOtherSilo()
    {
        var start = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // The server's appsettings.json and appsettings.Development.json are there: the
            // loopback failure detection settings the run command's silos use.
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Hawiya.Server.dll"));
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestDatabase.FreePort()}";
        // The same cluster, storage and keys as the server in this process; ports of its own.
        foreach (var (key, value) in SiloHost.Settings(KeyNamespace, ServiceId))
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        start.Environment["Hawiya__Oidc__Issuer"] = Issuer.ToString();
        start.Environment["Hawiya__Oidc__EncryptionKey"] = _encryptionKey;
        var process = Process.Start(start) ?? throw new InvalidOperationException("The second silo did not start.");
        // Read and dropped, so that a full pipe never blocks the silo.
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}

[CollectionDefinition(Name)]
public sealed class SiloLossCollection : ICollectionFixture<SiloLossServer>
{
    public const string Name = "silo-loss";
}
