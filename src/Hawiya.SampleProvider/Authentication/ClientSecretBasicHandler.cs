using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Hawiya.SampleProvider.Hosting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Hawiya.SampleProvider.Authentication;

/// <summary>
/// Turns <c>client_secret_post</c> into <c>client_secret_basic</c> on the way out.
/// ASP.NET Core's OpenID Connect handler always puts <c>client_secret</c> in the form body of
/// the token request and the pushed authorization request (RFC 9126 §2); a provider that
/// registered this client with <c>client_secret_basic</c> expects HTTP Basic instead
/// (RFC 6749 §2.3.1) and must reject a request carrying both (RFC 6749 §2.3). So every
/// form POST to the provider that carries our secret has it moved into the header here.
/// </summary>
internal sealed class ClientSecretBasicHandler(IOptions<SampleProviderSettings> settings) : DelegatingHandler
{
    private const string ClientSecretParameter = "client_secret";

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var options = settings.Value;
        if (options.UsesClientSecretBasic
            && request.Method == HttpMethod.Post
            && request.Content is FormUrlEncodedContent content)
        {
            var body = await content.ReadAsStringAsync(cancellationToken);
            var parameters = QueryHelpers.ParseQuery(body);
            if (parameters.ContainsKey(ClientSecretParameter))
            {
                // client_id stays in the body: RFC 9126 §2.1 keeps it among the pushed authorization
                // parameters, and RFC 6749 §2.3.1 only forbids a second *credential*.
                var remaining = parameters
                    .Where(p => p.Key != ClientSecretParameter)
                    .SelectMany(p => p.Value.Select(v => new KeyValuePair<string, string>(p.Key, v ?? string.Empty)));
                request.Content = new FormUrlEncodedContent(remaining);
                request.Headers.Authorization = BasicCredentials(options.ClientId, options.ClientSecret);
            }
        }

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>RFC 6749 §2.3.1: both parts are form-urlencoded (Appendix B) before base64.</summary>
    internal static AuthenticationHeaderValue BasicCredentials(string clientId, string clientSecret)
    {
        var pair = $"{WebUtility.UrlEncode(clientId)}:{WebUtility.UrlEncode(clientSecret)}";
        return new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(pair)));
    }
}
