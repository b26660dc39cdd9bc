using Google.Apis.Auth.OAuth2;
using Google.Apis.Auth.OAuth2.Responses;
using Google.Apis.Http;
using Google.Apis.Util;
using Microsoft.Extensions.Options;
using Polly;

namespace Hawiya.Gateways.Push;

/// <summary>
/// OAuth 2.0 access tokens for FCM HTTP v1 from a service account
/// (https://firebase.google.com/docs/cloud-messaging/auth-server).
/// </summary>
/// <remarks>
/// Google.Apis.Auth's <see cref="ServiceAccountCredential"/> does the protocol: it signs a JWT
/// (RS256, iss = client_email, aud = https://oauth2.googleapis.com/token, scope = firebase.messaging) and
/// exchanges it at the token endpoint with the jwt-bearer grant (RFC 7523 §2.1), caching the token
/// until shortly before expiry. The token request goes through this platform's own HttpClient
/// pipeline (timeouts, circuit breaker) rather than Google's default client.
/// </remarks>
internal sealed class FcmAccessTokenSource
{
    /// <summary>Name of the HttpClient (and its resilience pipeline) used for the token endpoint.</summary>
    public const string HttpClientName = "Hawiya.Gateways.FcmToken";

    /// <summary>The scope FCM HTTP v1 requires.</summary>
    public const string Scope = "https://www.googleapis.com/auth/firebase.messaging";

    private readonly ServiceAccountCredential _credential;
    private readonly SemaphoreSlim _refresh = new(1, 1);

    public FcmAccessTokenSource(IOptions<FcmOptions> options, IHttpMessageHandlerFactory handlers, TimeProvider time)
    {
        var settings = options.Value;
        var key = ServiceAccountKey.Parse(settings.ServiceAccountJson);
        var initializer = new ServiceAccountCredential.Initializer(key.ClientEmail, settings.ResolveTokenEndpoint(key))
        {
            Scopes = [Scope],
            KeyId = key.PrivateKeyId,
            ProjectId = key.ProjectId,
            Clock = new TimeProviderClock(time),

            // Our pipeline retries; Google's own 503 back-off would retry underneath it.
            DefaultExponentialBackOffPolicy = ExponentialBackOffPolicy.None,
            HttpClientFactory = new HttpClientFromMessageHandlerFactory(_ =>
                // (handler, performs automatic decompression, handles redirects): it does neither.
                new HttpClientFromMessageHandlerFactory.ConfiguredHttpMessageHandler(handlers.CreateHandler(HttpClientName), false, false)),
        }.FromPrivateKey(key.PrivateKeyPem);
        _credential = new ServiceAccountCredential(initializer);
    }

    /// <summary>A valid access token, fetched only when the cached one is missing or about to expire.</summary>
    public Task<string> GetTokenAsync(CancellationToken cancellationToken) =>
        GuardAsync(() => _credential.GetAccessTokenForRequestAsync(authUri: null, cancellationToken));

    /// <summary>
    /// A fresh token after FCM refused <paramref name="rejectedToken"/> (revoked, or the cache and the
    /// server disagree on expiry). Concurrent callers that saw the same refusal share one refresh.
    /// </summary>
    public async Task<string> RefreshAsync(string rejectedToken, CancellationToken cancellationToken)
    {
        await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_credential.Token?.AccessToken is { } current && current != rejectedToken)
            {
                return current;
            }

            return await GuardAsync(async () =>
            {
                await _credential.RequestAccessTokenAsync(cancellationToken).ConfigureAwait(false);
                return _credential.Token!.AccessToken;
            }).ConfigureAwait(false);
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>
    /// Lets through what callers classify (cancellation, pipeline rejections, HTTP failures, OAuth
    /// errors) and turns anything else into <see cref="FcmTokenUnavailableException"/>: Google.Apis.Auth
    /// 1.78 throws a NullReferenceException for an error response without a JSON body (a 503 page
    /// from a proxy, say), and a token failure must never escape as an unexpected exception.
    /// </summary>
    private static async Task<string> GuardAsync(Func<Task<string>> fetch)
    {
        try
        {
            return await fetch().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not (OperationCanceledException or ExecutionRejectedException
                                              or HttpRequestException or TokenResponseException))
        {
            throw new FcmTokenUnavailableException(exception);
        }
    }

    /// <summary>Google's clock abstraction over the platform's <see cref="TimeProvider"/>.</summary>
    private sealed class TimeProviderClock(TimeProvider time) : IClock
    {
        public DateTime Now => time.GetLocalNow().DateTime;

        public DateTime UtcNow => time.GetUtcNow().UtcDateTime;
    }
}

/// <summary>The token endpoint gave an answer that is neither a token nor an OAuth error.</summary>
internal sealed class FcmTokenUnavailableException(Exception inner)
    : Exception("The OAuth token endpoint returned an unreadable response.", inner);
