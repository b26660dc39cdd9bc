using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hawiya.LoadTests.Reports;

/// <summary>Writes a run's folder: summary.md, data.json, throughput.png, latency.png.</summary>
public static class ReportWriter
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static IReadOnlyList<string> Write(RunReport report, string directory)
    {
        Directory.CreateDirectory(directory);
        var summary = Path.Combine(directory, "summary.md");
        var data = Path.Combine(directory, "data.json");
        var throughput = Path.Combine(directory, "throughput.png");
        var latency = Path.Combine(directory, "latency.png");
        File.WriteAllText(summary, MarkdownReport.Render(report));
        File.WriteAllText(data, JsonSerializer.Serialize(report, Json));
        Charts.Throughput(report, throughput);
        Charts.Latency(report, latency);
        return [summary, data, throughput, latency];
    }
}
