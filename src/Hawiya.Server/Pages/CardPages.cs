using System.Collections.Frozen;
using System.Net;
using Hawiya.Contracts.Sessions;

namespace Hawiya.Server.Pages;

/// <summary>
/// The card login page: the pairing code to type into the reader agent, then the outcome. Without
/// JavaScript, the page reloads itself every few seconds while the reader works.
/// </summary>
public static class CardPages
{
    public const int RefreshSeconds = 2;

    public static string Card(PageFrame frame, CardLoginView card, string? error) => LoginPages.Page(frame, body =>
    {
        var words = Words(frame.Texts);
        var working = card.Stage is CardLoginStage.AwaitingReader or CardLoginStage.ReaderPaired;
        if (working)
        {
            var url = $"/connect/authorize?client_id={Uri.EscapeDataString(frame.ClientId)}&request_uri={Uri.EscapeDataString(frame.RequestUri)}";
            body.Append("<meta http-equiv=\"refresh\" content=\"").Append(RefreshSeconds).Append(";url=").Append(WebUtility.HtmlEncode(url)).Append("\">");
        }

        if (card.Stage == CardLoginStage.AwaitingReader && card.PairingCode is { } code)
        {
            body.Append("<p>").Append(LoginPages.E(words["card_insert"])).Append("</p>")
                .Append("<p class=\"pairing\" style=\"font-size:2rem;font-family:monospace;letter-spacing:.2rem;text-align:center\" id=\"pairing-code\">")
                .Append(LoginPages.E(code[..4] + "-" + code[4..])).Append("</p>")
                .Append("<p class=\"note\">").Append(LoginPages.E(words[card.Method == Hawiya.Contracts.Common.AuthMethod.CardFingerprint ? "card_fingerprint" : card.Method == Hawiya.Contracts.Common.AuthMethod.CardPin ? "card_pin" : "card_only"])).Append("</p>")
                // SECURITY: the reader shows the service and level the code belongs to (issue 26, finding 8).
                .Append("<p class=\"note\" id=\"card-confirm\">").Append(LoginPages.E(string.Format(System.Globalization.CultureInfo.InvariantCulture, words["card_confirm"], frame.ProviderName))).Append("</p>");
        }
        else if (card.Stage == CardLoginStage.ReaderPaired)
        {
            body.Append("<p role=\"status\">").Append(LoginPages.E(words["card_reading"])).Append("</p>");
        }
        if (working)
        {
            LoginPages.Form(body, frame, "card", form => LoginPages.Submit(form, frame.Texts["continue"]));
        }

        LoginPages.Link(body, frame, "card_cancel", frame.Texts["other_method"]);
        LoginPages.Link(body, frame, "cancel", frame.Texts["cancel"]);
    }, error);

    /// <summary>Why the last card attempt failed, in the page's language.</summary>
    public static string Failure(Texts texts, CardLoginView card)
    {
        var message = Words(texts)["failure_" + card.Failure];
        return card.Failure == CardLoginFailure.HolderRefused && card.TriesLeft > 0
            ? $"{message} {texts["attempts_left"]} {card.TriesLeft}"
            : message;
    }

    private static FrozenDictionary<string, string> Words(Texts texts) => texts.Language switch
    {
        "en" => English,
        "ar" => Arabic,
        _ => French,
    };

    private static readonly FrozenDictionary<string, string> French = new Dictionary<string, string>
    {
        ["card_insert"] = "Insérez votre carte dans le lecteur, ouvrez l'agent lecteur Hawiya et saisissez ce code :",
        ["card_pin"] = "Le lecteur vous demandera ensuite le code PIN de votre carte. Le code PIN ne quitte jamais la carte.",
        ["card_fingerprint"] = "Le lecteur vous demandera ensuite de poser votre doigt. L'empreinte est comparée par la carte elle-même.",
        ["card_only"] = "La carte signera une preuve de sa présence.",
        ["card_reading"] = "Lecture de votre carte… Suivez les instructions du lecteur.",
        ["failure_ReaderDisconnected"] = "Le lecteur s'est déconnecté avant la fin. Vérifiez le lecteur et réessayez.",
        ["failure_HolderRefused"] = "La carte a refusé le code PIN ou l'empreinte.",
        ["failure_HolderBlocked"] = "Le code PIN ou l'empreinte est bloqué sur la carte : débloquez-le avec le code PUK dans un bureau d'enregistrement.",
        ["failure_CardNotUsable"] = "Cette carte ne peut pas être utilisée (suspendue, révoquée ou expirée).",
        ["failure_WrongHolder"] = "Cette carte n'appartient pas à l'identité saisie.",
        ["failure_ProofInvalid"] = "La carte n'a pas pu être authentifiée.",
        ["failure_Expired"] = "Le temps pour lire la carte est écoulé. Réessayez.",
        ["failure_CardError"] = "La carte n'a pas pu être lue. Vérifiez qu'elle est bien insérée et réessayez.",
        ["failure_HolderDeclined"] = "Vous avez refusé la connexion sur le lecteur. Si le lecteur affichait un autre service que celui que vous utilisez, ne saisissez pas ce code : quelqu'un essaie peut-être de se connecter avec votre carte.",
        ["card_confirm"] = "Avant le code PIN, le lecteur affichera le service et le niveau demandés : ne confirmez que s'il s'agit bien de « {0} ».",
        ["failure_None"] = "La lecture de la carte a échoué.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> English = new Dictionary<string, string>
    {
        ["card_insert"] = "Insert your card in the reader, open the Hawiya reader agent and type this code:",
        ["card_pin"] = "The reader will then ask for your card's PIN. The PIN never leaves the card.",
        ["card_fingerprint"] = "The reader will then ask for your finger. The card itself compares the fingerprint.",
        ["card_only"] = "The card will sign a proof that it is present.",
        ["card_reading"] = "Reading your card… Follow the reader's instructions.",
        ["failure_ReaderDisconnected"] = "The reader disconnected before the end. Check the reader and try again.",
        ["failure_HolderRefused"] = "The card refused the PIN or fingerprint.",
        ["failure_HolderBlocked"] = "The PIN or fingerprint is blocked on the card: unblock it with the PUK at a registration office.",
        ["failure_CardNotUsable"] = "This card cannot be used (suspended, revoked or expired).",
        ["failure_WrongHolder"] = "This card does not belong to the identity typed.",
        ["failure_ProofInvalid"] = "The card could not be authenticated.",
        ["failure_Expired"] = "The time to read the card ran out. Try again.",
        ["failure_CardError"] = "The card could not be read. Check that it is inserted and try again.",
        ["failure_HolderDeclined"] = "You declined the login on the reader. If the reader showed another service than the one you are using, do not type this code: someone may be trying to log in with your card.",
        ["card_confirm"] = "Before the PIN, the reader will show the service and level asked for: confirm only if it is \u201c{0}\u201d.",
        ["failure_None"] = "Reading the card failed.",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, string> Arabic = new Dictionary<string, string>
    {
        ["card_insert"] = "أدخل بطاقتك في القارئ، وافتح برنامج قارئ هوية واكتب هذا الرمز:",
        ["card_pin"] = "سيطلب منك القارئ بعد ذلك الرمز السري لبطاقتك. الرمز السري لا يغادر البطاقة أبدا.",
        ["card_fingerprint"] = "سيطلب منك القارئ بعد ذلك وضع إصبعك. البطاقة نفسها تقارن البصمة.",
        ["card_only"] = "ستوقع البطاقة دليلا على حضورها.",
        ["card_reading"] = "جار قراءة بطاقتك… اتبع تعليمات القارئ.",
        ["failure_ReaderDisconnected"] = "انقطع اتصال القارئ قبل النهاية. تحقق من القارئ وأعد المحاولة.",
        ["failure_HolderRefused"] = "رفضت البطاقة الرمز السري أو البصمة.",
        ["failure_HolderBlocked"] = "الرمز السري أو البصمة محظور على البطاقة: افتحه برمز PUK في مكتب التسجيل.",
        ["failure_CardNotUsable"] = "لا يمكن استعمال هذه البطاقة (موقوفة أو ملغاة أو منتهية الصلاحية).",
        ["failure_WrongHolder"] = "هذه البطاقة لا تعود إلى الهوية المدخلة.",
        ["failure_ProofInvalid"] = "تعذر التحقق من البطاقة.",
        ["failure_Expired"] = "انتهى الوقت المخصص لقراءة البطاقة. أعد المحاولة.",
        ["failure_CardError"] = "تعذرت قراءة البطاقة. تحقق من إدخالها وأعد المحاولة.",
        ["failure_HolderDeclined"] = "لقد رفضت تسجيل الدخول على القارئ. إذا عرض القارئ خدمة غير التي تستعملها، فلا تكتب هذا الرمز: ربما يحاول أحدهم الدخول ببطاقتك.",
        ["card_confirm"] = "قبل الرمز السري، سيعرض القارئ الخدمة والمستوى المطلوبين: لا تؤكد إلا إذا كانت الخدمة «{0}».",
        ["failure_None"] = "فشلت قراءة البطاقة.",
    }.ToFrozenDictionary();
}
