using System.Net.Http.Headers;
using System.Text;
using Twilio.Http;
using TwilioRequest = Twilio.Http.Request;
using TwilioResponse = Twilio.Http.Response;

namespace Hawiya.Gateways.Sms;

/// <summary>
/// The HTTP client Twilio's library sends through: the named <see cref="IHttpClientFactory"/>
/// client, so every request passes the Twilio resilience pipeline, aimed at
/// <see cref="TwilioOptions.BaseUrl"/> instead of the host the library names.
/// </summary>
/// <remarks>
/// One instance per send: it carries that send's cancellation token (the library's asynchronous
/// calls take none) and keeps that send's last response, whose headers the library's exceptions
/// do not carry (Retry-After).
/// </remarks>
internal sealed class TwilioHttpClient(System.Net.Http.HttpClient http, Uri baseUri, CancellationToken cancellationToken)
    : Twilio.Http.HttpClient
{
    /// <inheritdoc />
    public override TwilioResponse MakeRequest(TwilioRequest request) =>
        throw new NotSupportedException("The SMS gateway only sends asynchronously.");

    /// <inheritdoc />
    public override async Task<TwilioResponse> MakeRequestAsync(TwilioRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        using var message = Build(request);
        using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken)
            .ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        LastResponse = new TwilioResponse(response.StatusCode, body, response.Headers);
        return LastResponse;
    }

    private HttpRequestMessage Build(TwilioRequest request)
    {
        // The library builds https://api.twilio.com/2010-04-01/...; keep its path and query, change the root.
        var relative = request.ConstructUrl().PathAndQuery.TrimStart('/');
        var message = new HttpRequestMessage(new System.Net.Http.HttpMethod(request.Method.ToString()), new Uri(baseUri, relative));
        if (!Equals(request.Method, Twilio.Http.HttpMethod.Get))
        {
            message.Content = Equals(request.ContentType, Twilio.Constant.EnumConstants.ContentTypeEnum.JSON)
                ? new StringContent(request.Body, Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent(request.PostParams);
        }

        // https://www.twilio.com/docs/usage/requests-to-twilio#authentication: the library set the
        // account SID and auth token on the request; they travel only in this header.
        message.Headers.Authorization = new AuthenticationHeaderValue("Basic", Authentication(request.Username, request.Password));
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in request.HeaderParams)
        {
            message.Headers.TryAddWithoutValidation(name, value);
        }

        return message;
    }
}
