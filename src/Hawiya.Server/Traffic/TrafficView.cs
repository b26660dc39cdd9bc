using System.Globalization;
using System.Net;
using System.Text;
using Hawiya.Contracts.Traffic;

namespace Hawiya.Server.Traffic;

/// <summary>The traffic part of the operators' cluster view.</summary>
internal static class TrafficView
{
    /// <summary>Reports older than this are from silos gone or stuck, and left out.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<SiloTraffic>> ReadAsync(IGrainFactory grains) =>
        await grains.GetGrain<ITrafficStatsGrain>(0).ListAsync(MaxAge);

    public static void AppendHtml(StringBuilder html, IReadOnlyList<SiloTraffic> traffic)
    {
        html.Append("<h2>Traffic</h2><table><thead><tr><th>Silo</th><th>Provider</th><th>Requests/s</th><th>Admitted</th><th>Rejected (429)</th></tr></thead><tbody>");
        foreach (var silo in traffic)
        {
            html.Append("<tr><td>").Append(WebUtility.HtmlEncode(silo.Silo)).Append("</td><td><em>shed (503)</em></td><td></td><td></td><td>")
                .Append(silo.Shed.ToString(CultureInfo.InvariantCulture)).Append("</td></tr>");
            foreach (var provider in silo.Providers)
            {
                html.Append("<tr><td>").Append(WebUtility.HtmlEncode(silo.Silo))
                    .Append("</td><td>").Append(WebUtility.HtmlEncode(provider.ClientId))
                    .Append("</td><td>").Append(provider.RequestsPerSecond.ToString("0.#", CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(provider.Admitted.ToString(CultureInfo.InvariantCulture))
                    .Append("</td><td>").Append(provider.Rejected.ToString(CultureInfo.InvariantCulture))
                    .Append("</td></tr>");
            }
        }

        html.Append("</tbody></table>");
    }
}
