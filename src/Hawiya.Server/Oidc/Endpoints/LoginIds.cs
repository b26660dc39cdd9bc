using Hawiya.Server.Oidc.Stores;

namespace Hawiya.Server.Oidc.Endpoints;

/// <summary>
/// How a login is named in a browser request: the session behind a request_uri, and the name of
/// the cookie that binds it to its browser. Traffic control reads these without the flow.
/// </summary>
public static class LoginIds
{
    /// <summary>RFC 9126 §2.2: the request_uri PAR hands out.</summary>
    public const string RequestUriPrefix = "urn:ietf:params:oauth:request_uri:";

    /// <summary>The session id a request_uri names, when it is one of Hawiya's.</summary>
    public static string? SessionOfRequestUri(string? requestUri) =>
        requestUri is { } uri && uri.StartsWith(RequestUriPrefix, StringComparison.Ordinal)
            ? SessionIds.SessionOf(uri[RequestUriPrefix.Length..])
            : null;

    /// <summary>The name of the cookie binding a session to its browser (<see cref="LoginFlowCookie"/>).</summary>
    public static string FlowCookieName(string sessionId) => "hw_" + sessionId[2..12];
}
