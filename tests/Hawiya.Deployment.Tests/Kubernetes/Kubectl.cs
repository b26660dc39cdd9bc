using System.Diagnostics;

namespace Hawiya.Deployment.Tests.Kubernetes;

/// <summary>kubectl as the test command installs it; no cluster is reachable from these tests.</summary>
public static class Kubectl
{
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("kubectl")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // No kubeconfig of the machine's: nothing here may talk to a cluster someone configured.
        start.Environment["KUBECONFIG"] = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "hawiya-no-kubeconfig");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("kubectl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }
}
