namespace Hawiya.SampleProvider.Authentication;

/// <summary>Names shared by the authentication set-up, the pages and the tests.</summary>
public static class SampleProviderSchemes
{
    /// <summary>The local session: an encrypted cookie holding the principal and the saved tokens.</summary>
    public const string Cookie = "HawiyaDemoSession";

    /// <summary>The OpenID Connect handler that talks to Hawiya.</summary>
    public const string Hawiya = "Hawiya";

    public const string CallbackPath = "/signin-hawiya";
    public const string SignedOutCallbackPath = "/signout-callback-hawiya";

    /// <summary>The raw userinfo response (OIDC Core §5.3.2), kept in the session to show it.</summary>
    public const string UserInfoItem = "hawiya:userinfo";

    /// <summary>The <c>acr_values</c> the login asked for, to compare with the <c>acr</c> obtained.</summary>
    public const string RequestedAcrItem = "hawiya:requested_acr";

    /// <summary>When the refresh token expires, if the provider said so (non-standard <c>refresh_token_expires_in</c>).</summary>
    public const string RefreshExpiresAtItem = "hawiya:refresh_expires_at";

    /// <summary>The named <see cref="HttpClient"/> for every call to the provider.</summary>
    public const string ProviderHttpClient = "hawiya-provider";
}
