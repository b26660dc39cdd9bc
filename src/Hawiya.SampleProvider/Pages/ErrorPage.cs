using static Hawiya.SampleProvider.Pages.Html;

namespace Hawiya.SampleProvider.Pages;

/// <summary>
/// Friendly error pages: the provider's <c>error</c> and <c>error_description</c> (RFC 6749
/// §4.1.2.1, OIDC Core §3.1.2.6) with an explanation in French, never a stack trace.
/// </summary>
internal static class ErrorPage
{
    public static Task WriteAsync(HttpContext context, int statusCode, string error, string? description) =>
        Html.WriteAsync(context, "La connexion n'a pas abouti", Body(error, description), statusCode);

    public static IResult Result(int statusCode, string title, string error, string? description) =>
        Page(title, Body(error, description), statusCode);

    public static string Body(string error, string? description) => $"""
        <p class="warning">{E(Explain(error))}</p>
        {Table([
            ("error", $"<code>{E(error)}</code>"),
            ("error_description", string.IsNullOrEmpty(description) ? "<span class=\"muted\">(aucune)</span>" : E(description)),
        ])}
        <div class="actions"><a class="button" href="/">Retour à l'accueil</a><a class="button secondary" href="/login">Réessayer</a></div>
        """;

    /// <summary>Standard error codes, explained to a citizen.</summary>
    public static string Explain(string error) => error switch
    {
        "access_denied" => "Vous avez refusé ou annulé la connexion avec Hawiya, ou ce service n'a pas accès aux informations demandées.",
        "login_required" => "Hawiya demande que vous vous identifiiez de nouveau.",
        "consent_required" => "Hawiya a besoin de votre accord pour transmettre vos informations à ce service.",
        "interaction_required" or "account_selection_required" => "Hawiya a besoin d'une action de votre part pour poursuivre.",
        "invalid_request" or "invalid_scope" or "unsupported_response_type" or "request_not_supported"
            or "request_uri_not_supported" or "invalid_request_uri" or "invalid_request_object" =>
            "La demande de connexion envoyée par ce service a été refusée par Hawiya (erreur de configuration du service).",
        "unauthorized_client" or "invalid_client" =>
            "Ce service n'est pas (ou plus) autorisé à utiliser Hawiya, ou son secret client est incorrect.",
        "invalid_grant" => "Le code ou le jeton présenté n'est plus valable (déjà utilisé, expiré ou révoqué). Reconnectez-vous.",
        "temporarily_unavailable" or "server_error" => "Hawiya est momentanément indisponible. Réessayez dans quelques instants.",
        "invalid_id_token" => "Le jeton d'identité reçu n'a pas passé les contrôles (signature, émetteur, audience ou nonce).",
        "correlation_failed" => "La réponse de Hawiya ne correspond à aucune connexion en cours dans ce navigateur (cookies bloqués ou page rechargée).",
        "provider_unreachable" => "Hawiya n'a pas pu être joint. Le serveur est-il démarré ?",
        _ => "La connexion avec Hawiya n'a pas pu être menée à bien.",
    };
}
