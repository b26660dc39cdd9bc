using System.Globalization;
using Hawiya.SampleProvider.Hosting;
using Hawiya.SampleProvider.Pages;
using Hawiya.SampleProvider.Tokens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Hawiya.SampleProvider.Authentication;

/// <summary>The demo's additions to the standard OpenID Connect handler.</summary>
internal sealed partial class HawiyaOpenIdConnectEvents(
    IOptions<SampleProviderSettings> settings,
    TimeProvider time,
    ILogger<HawiyaOpenIdConnectEvents> logger) : OpenIdConnectEvents
{
    /// <summary>The authentication property a challenge uses to ask for a level (see the step-up link).</summary>
    public const string AcrValuesParameter = OpenIdConnectParameterNames.AcrValues;

    public override Task RedirectToIdentityProvider(RedirectContext context)
    {
        // Core §3.1.2.1: acr_values is a voluntary request; what was asked is kept in the
        // session so the account page can compare it with the acr actually obtained.
        var acrValues = context.Properties.GetParameter<string>(AcrValuesParameter) ?? settings.Value.AcrValues;
        if (!string.IsNullOrWhiteSpace(acrValues))
        {
            context.ProtocolMessage.AcrValues = acrValues;
            context.Properties.Items[SampleProviderSchemes.RequestedAcrItem] = acrValues;
        }

        return Task.CompletedTask;
    }

    public override Task RedirectToIdentityProviderForSignOut(RedirectContext context)
    {
        // RP-Initiated Logout 1.0 §2: the handler sends id_token_hint; client_id lets the provider
        // check post_logout_redirect_uri even when the hint has expired. The redirect target is
        // the one registered for this client, not the handler's signed-out callback.
        var request = context.Request;
        context.ProtocolMessage.ClientId = settings.Value.ClientId;
        context.ProtocolMessage.PostLogoutRedirectUri =
            $"{request.Scheme}://{request.Host}{request.PathBase}{settings.Value.PostLogoutRedirectPath}";
        return Task.CompletedTask;
    }

    public override Task TokenValidated(TokenValidatedContext context)
    {
        // SECURITY: for an ID token fetched from the token endpoint the handler does not require
        // a signature (Core §3.1.3.7 step 6 lets a client rely on TLS instead). This client
        // insists on one, made with a registered algorithm: the handler has then checked it
        // against the provider's JWKS, and an unsigned ("alg":"none") token goes no further.
        var algorithm = context.SecurityToken?.Header.Alg;
        if (algorithm is null || !settings.Value.SigningAlgorithmList.Contains(algorithm, StringComparer.Ordinal))
        {
            context.Fail(new SecurityTokenInvalidAlgorithmException("The ID token is not signed with a registered algorithm."));
        }

        return Task.CompletedTask;
    }

    public override Task TokenResponseReceived(TokenResponseReceivedContext context)
    {
        var refreshExpiresAt = TokenLifetimes.RefreshTokenExpiry(context.TokenEndpointResponse.Parameters, time.GetUtcNow());
        if (refreshExpiresAt is not null && context.Properties is not null)
        {
            context.Properties.Items[SampleProviderSchemes.RefreshExpiresAtItem] =
                refreshExpiresAt.Value.ToString("o", CultureInfo.InvariantCulture);
        }

        return Task.CompletedTask;
    }

    public override Task UserInformationReceived(UserInformationReceivedContext context)
    {
        // The handler has already checked that userinfo's sub equals the ID token's (Core §5.3.4).
        if (context.Properties is not null)
        {
            context.Properties.Items[SampleProviderSchemes.UserInfoItem] = context.User.RootElement.GetRawText();
        }

        return Task.CompletedTask;
    }

    public override async Task RemoteFailure(RemoteFailureContext context)
    {
        // RFC 6749 §4.1.2.1 / Core §3.1.2.6: the provider's error and error_description; the
        // handler puts them in the exception's Data. Anything else (state, signature, nonce)
        // gets a category, never the exception text or a stack trace.
        var failure = context.Failure;
        var error = failure?.Data["error"] as string ?? Categorize(failure);
        var description = failure?.Data["error_description"] as string;
        LogRemoteFailure(logger, error, failure?.GetType().Name ?? "none");

        context.HandleResponse();
        await ErrorPage.WriteAsync(context.HttpContext, StatusCodes.Status400BadRequest, error, description);
    }

    private static string Categorize(Exception? failure) => failure switch
    {
        SecurityTokenException => "invalid_id_token",
        OpenIdConnectProtocolException => "protocol_error",
        HttpRequestException => "provider_unreachable",
        { Message: "Correlation failed." } => "correlation_failed",
        _ => "login_failed",
    };

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Login did not complete: {Error} ({FailureType}).")]
    private static partial void LogRemoteFailure(ILogger logger, string error, string failureType);
}
