using System.Globalization;
using System.Runtime.InteropServices;

namespace Hawiya.LoadTests.Running;

/// <summary>The machine the load generator ran on: a figure means little without it.</summary>
public sealed record MachineInfo(string Host, int Cores, double MemoryGiB, string Os, string Architecture, string Runtime, string? LoadAverage)
{
    public static MachineInfo Current() => new(
        Environment.MachineName,
        Environment.ProcessorCount,
        Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString(),
        RuntimeInformation.FrameworkDescription,
        ReadLoadAverage());

    /// <summary>1, 5 and 15-minute load averages where the OS tells them (Linux): other work on the machine shows here.</summary>
    private static string? ReadLoadAverage()
    {
        const string path = "/proc/loadavg";
        try
        {
            return File.Exists(path)
                ? string.Join(' ', File.ReadAllText(path, System.Text.Encoding.ASCII).Split(' ').Take(3))
                : null;
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Cores} cores, {MemoryGiB} GiB, {Os} ({Architecture}), {Runtime}");
}
