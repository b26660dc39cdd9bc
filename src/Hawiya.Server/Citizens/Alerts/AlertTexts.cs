using System.Globalization;
using Hawiya.Contracts.Common;
using Hawiya.Contracts.Journal;

namespace Hawiya.Server.Citizens.Alerts;

/// <summary>
/// The words of an alert: what happened, where (the provider's display name), when, at which
/// level, and the "not me" link. Short enough for one SMS; never a number, code or address.
/// </summary>
public static class AlertTexts
{
    public const string Subject = "Hawiya : activité sur votre identité numérique";

    public static string Compose(PendingAlert alert, string? provider, Uri notMe)
    {
        var what = alert.Kind switch
        {
            JournalEventKind.Use when alert.Count > 1 => $"{alert.Count} connexions à {provider}",
            JournalEventKind.Use => $"connexion à {provider}",
            JournalEventKind.MethodEnrolled => "nouvelle méthode de connexion ajoutée",
            JournalEventKind.MethodEnabled => "méthode de connexion activée",
            JournalEventKind.MethodDisabled => "méthode de connexion désactivée",
            JournalEventKind.CardStatusChanged => "statut de votre carte modifié",
            JournalEventKind.Frozen => "identité gelée, toutes les sessions fermées",
            JournalEventKind.Unfrozen => "identité dégelée avec votre carte",
            JournalEventKind.Activated => "identité activée",
            JournalEventKind.Deactivated => "identité désactivée",
            JournalEventKind.ConsentRevoked => $"consentement retiré pour {provider}",
            JournalEventKind.PushDenied => "demande de connexion refusée sur votre téléphone",
            JournalEventKind.PushThrottled => "trop de demandes de connexion : bloquées",
            JournalEventKind.LockedOut => "méthode bloquée après des échecs répétés",
            _ => "événement de sécurité",
        };
        if (alert.Count > 1 && alert.Kind != JournalEventKind.Use)
        {
            what += $" ({alert.Count} fois)";
        }

        var when = alert.Count > 1 && alert.FirstAt != alert.LastAt
            ? $"entre le {Time(alert.FirstAt)} et le {Time(alert.LastAt)} UTC"
            : $"le {Time(alert.LastAt)} UTC";
        var level = alert.Level is { } l ? $" (niveau {l.ToAcr()})" : string.Empty;
        return $"Hawiya : {what} {when}{level}. Pas vous ? {notMe}";
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("dd/MM/yyyy HH:mm", CultureInfo.InvariantCulture);
}
