using System.Net;
using System.Text;

namespace Hawiya.Server.Operators;

/// <summary>One silo as the membership table sees it.</summary>
public sealed record SiloView(string Address, string Name, string HostName, string Status, DateTime StartTime, DateTime IAmAliveTime);

/// <summary>The cluster as operators see it: every silo the membership table knows, and its status.</summary>
public sealed record ClusterViewModel(string ClusterId, int ActiveSilos, IReadOnlyList<SiloView> Silos)
{
    /// <summary>Each silo's latest traffic report: providers' current rate, admitted and rejected requests, requests shed.</summary>
    public IReadOnlyList<Contracts.Traffic.SiloTraffic> Traffic { get; init; } = [];
}

internal static class ClusterView
{
    public static async Task<ClusterViewModel> ReadAsync(IGrainFactory grains, string clusterId)
    {
        var hosts = await grains.GetGrain<IManagementGrain>(0).GetDetailedHosts(onlyActive: false);
        var silos = hosts
            .OrderBy(h => h.Status == SiloStatus.Active ? 0 : 1)
            .ThenBy(h => h.SiloAddress.ToString(), StringComparer.Ordinal)
            .Select(h => new SiloView(h.SiloAddress.ToString(), h.SiloName, h.HostName, h.Status.ToString(), h.StartTime, h.IAmAliveTime))
            .ToArray();
        return new ClusterViewModel(clusterId, silos.Count(s => s.Status == nameof(SiloStatus.Active)), silos)
        {
            Traffic = await Traffic.TrafficView.ReadAsync(grains),
        };
    }

    public static string ToHtml(ClusterViewModel view)
    {
        var html = new StringBuilder();
        html.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>Hawiya cluster</title>")
            .Append("<style>body{font-family:sans-serif;margin:1rem}table{border-collapse:collapse}td,th{border:1px solid #999;padding:.3rem .6rem}</style></head><body>")
            .Append("<h1>Cluster ").Append(WebUtility.HtmlEncode(view.ClusterId)).Append("</h1>")
            .Append("<p>").Append(view.ActiveSilos).Append(" active silo(s)</p>")
            .Append("<table><thead><tr><th>Silo</th><th>Address</th><th>Host</th><th>Status</th><th>Started (UTC)</th><th>Last alive (UTC)</th></tr></thead><tbody>");
        foreach (var silo in view.Silos)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(silo.Name))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(silo.Address))
                .Append("</td><td>").Append(WebUtility.HtmlEncode(silo.HostName))
                .Append("</td><td>").Append(silo.Status)
                .Append("</td><td>").Append(silo.StartTime.ToString("u"))
                .Append("</td><td>").Append(silo.IAmAliveTime.ToString("u"))
                .Append("</td></tr>");
        }

        html.Append("</tbody></table>");
        Traffic.TrafficView.AppendHtml(html, view.Traffic);
        return html.Append("</body></html>").ToString();
    }
}
