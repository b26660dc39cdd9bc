using System.Collections.Frozen;

namespace Hawiya.Server.Pages;

/// <summary>The login pages' words in French (default), English and Arabic (right to left).</summary>
public sealed class Texts
{
    private readonly FrozenDictionary<string, string> _words;

    private Texts(string language, bool rightToLeft, Dictionary<string, string> words)
    {
        Language = language;
        RightToLeft = rightToLeft;
        _words = words.ToFrozenDictionary();
    }

    public string Language { get; }

    public bool RightToLeft { get; }

    public string this[string key] => _words.TryGetValue(key, out var word) ? word : key;

    public static readonly Texts French = new("fr", false, new()
    {
        ["title"] = "Connexion avec Hawiya",
        ["for"] = "pour accéder à",
        ["level"] = "Niveau de garantie demandé",
        ["national_number"] = "Numéro de votre carte nationale (CNIE)",
        ["continue"] = "Continuer",
        ["cancel"] = "Annuler et revenir au service",
        ["choose"] = "Choisissez comment prouver votre identité",
        ["Password"] = "Mot de passe",
        ["Sms"] = "Code reçu par SMS",
        ["Email"] = "Code reçu par courriel",
        ["Card"] = "Carte d'identité (sans code)",
        ["CardPin"] = "Carte + code PIN",
        ["CardFingerprint"] = "Carte + empreinte digitale",
        ["password"] = "Votre mot de passe",
        ["code"] = "Code à 6 chiffres",
        ["code_sent"] = "Si ce moyen est actif pour votre identité, un code vient de vous être envoyé. Il est valable 5 minutes.",
        ["resend"] = "Envoyer un nouveau code",
        ["other_method"] = "Utiliser un autre moyen",
        ["not_me"] = "Changer d'identifiant",
        ["rejected"] = "La vérification a échoué. Réessayez.",
        ["attempts_left"] = "Essais restants :",
        ["expired"] = "Ce code a expiré. Demandez-en un nouveau.",
        ["exhausted"] = "Trop d'essais pour ce code. Demandez-en un nouveau.",
        ["locked"] = "Trop d'échecs : ce moyen est bloqué temporairement. Utilisez un autre moyen ou réessayez plus tard.",
        ["send_failed"] = "Le code n'a pas pu être envoyé. Choisissez un autre moyen.",
        ["closed"] = "Cette tentative de connexion a expiré. Revenez au service pour recommencer.",
        ["no_method"] = "Aucun moyen disponible ne permet d'atteindre le niveau demandé par ce service.",
        ["invalid_number"] = "Ce numéro n'a pas le bon format (lettres et chiffres).",
        ["consent_title"] = "Autorisez-vous la transmission de ces informations ?",
        ["consent_intro"] = "Le service suivant demande à recevoir :",
        ["accept"] = "J'accepte",
        ["deny"] = "Je refuse",
        ["step_up"] = "Ce service demande une vérification supplémentaire.",
        ["foreign_browser"] = "Cette connexion a été commencée dans un autre navigateur. Revenez au service pour recommencer.",
        ["too_many"] = "Trop de demandes depuis votre connexion. Patientez un moment puis réessayez.",
        ["claim"] = "L'information",
        ["eidas1"] = "faible (eIDAS 1)",
        ["eidas2"] = "substantiel (eIDAS 2)",
        ["eidas3"] = "élevé (eIDAS 3)",
        ["Push"] = "Validation sur l'application Hawiya de votre téléphone",
        ["Face"] = "Reconnaissance du visage sur votre téléphone",
        ["device_push"] = "Ouvrez l'application Hawiya sur votre téléphone et saisissez ce nombre pour valider :",
        ["device_face"] = "Ouvrez l'application Hawiya sur votre téléphone et saisissez ce nombre : elle compare ensuite votre visage à la photo de votre carte. Votre visage ne quitte pas votre téléphone.",
        ["device_check"] = "J'ai validé sur mon téléphone",
        ["device_waiting"] = "Pas encore de validation reçue de votre téléphone.",
        ["device_denied"] = "La connexion a été refusée depuis votre téléphone. Si ce n'était pas vous, rien n'a été transmis et vous avez été alerté.",
        ["push_throttled"] = "Trop de demandes de validation sont en attente sur votre téléphone. Utilisez un autre moyen ou réessayez plus tard.",
        ["push_title"] = "Demande de connexion Hawiya",
        ["push_body"] = "Une connexion est demandée pour {0}. Validez seulement si c'est vous.",
        ["error_title"] = "La connexion n'a pas pu commencer",
        ["error_client"] = "Le service qui vous a envoyé ici n'est pas reconnu par Hawiya, ou son accès est suspendu.",
        ["error_redirect_uri"] = "Le service qui vous a envoyé ici a demandé à vous renvoyer vers une adresse qu'il n'a pas déclarée. Par sécurité, Hawiya ne vous y envoie pas.",
        ["error_expired"] = "Cette demande de connexion a expiré ou a déjà servi.",
        ["error_request"] = "La demande de connexion envoyée par le service est incomplète ou incorrecte.",
        ["error_do_retry"] = "Revenez sur le site du service et recommencez la connexion.",
        ["error_do_contact"] = "Revenez sur le site du service. Si le problème continue, contactez ce service et donnez-lui le code ci-dessous : aucune de vos informations n'a été transmise.",
        ["error_code"] = "Code pour le support",
    });

    public static readonly Texts English = new("en", false, new()
    {
        ["title"] = "Sign in with Hawiya",
        ["for"] = "to access",
        ["level"] = "Level of assurance requested",
        ["national_number"] = "Your national ID card (CNIE) number",
        ["continue"] = "Continue",
        ["cancel"] = "Cancel and go back to the service",
        ["choose"] = "Choose how to prove who you are",
        ["Password"] = "Password",
        ["Sms"] = "Code by text message",
        ["Email"] = "Code by email",
        ["Card"] = "Identity card (no PIN)",
        ["CardPin"] = "Card + PIN",
        ["CardFingerprint"] = "Card + fingerprint",
        ["password"] = "Your password",
        ["code"] = "6-digit code",
        ["code_sent"] = "If this method is active for your identity, a code has just been sent. It is valid for 5 minutes.",
        ["resend"] = "Send a new code",
        ["other_method"] = "Use another method",
        ["not_me"] = "Use another identifier",
        ["rejected"] = "The check failed. Try again.",
        ["attempts_left"] = "Attempts left:",
        ["expired"] = "This code has expired. Ask for a new one.",
        ["exhausted"] = "Too many attempts for this code. Ask for a new one.",
        ["locked"] = "Too many failures: this method is locked for a while. Use another method or try later.",
        ["send_failed"] = "The code could not be sent. Choose another method.",
        ["closed"] = "This sign-in attempt has expired. Go back to the service to start again.",
        ["no_method"] = "No available method reaches the level this service asks for.",
        ["invalid_number"] = "This number is not well formed (letters and digits).",
        ["consent_title"] = "Do you allow this information to be shared?",
        ["consent_intro"] = "The following service asks to receive:",
        ["accept"] = "I agree",
        ["deny"] = "I refuse",
        ["step_up"] = "This service asks for an additional check.",
        ["foreign_browser"] = "This sign-in was started in another browser. Go back to the service to start again.",
        ["too_many"] = "Too many requests from your connection. Wait a moment and try again.",
        ["claim"] = "The attribute",
        ["eidas1"] = "low (eIDAS 1)",
        ["eidas2"] = "substantial (eIDAS 2)",
        ["eidas3"] = "high (eIDAS 3)",
        ["Push"] = "Approve in the Hawiya app on your phone",
        ["Face"] = "Face check on your phone",
        ["device_push"] = "Open the Hawiya app on your phone and type this number to approve:",
        ["device_face"] = "Open the Hawiya app on your phone and type this number: it then compares your face with your card's photo. Your face never leaves your phone.",
        ["device_check"] = "I approved on my phone",
        ["device_waiting"] = "No approval received from your phone yet.",
        ["device_denied"] = "The sign-in was denied on your phone. If it was not you, nothing was shared and you have been alerted.",
        ["push_throttled"] = "Too many approval requests are waiting on your phone. Use another method or try later.",
        ["push_title"] = "Hawiya sign-in request",
        ["push_body"] = "A sign-in to {0} is asked for. Approve only if it is you.",
        ["error_title"] = "The sign-in could not start",
        ["error_client"] = "The service that sent you here is not known to Hawiya, or its access is suspended.",
        ["error_redirect_uri"] = "The service that sent you here asked to send you back to an address it has not registered. For your safety, Hawiya does not send you there.",
        ["error_expired"] = "This sign-in request has expired or was already used.",
        ["error_request"] = "The sign-in request sent by the service is incomplete or incorrect.",
        ["error_do_retry"] = "Go back to the service's site and start the sign-in again.",
        ["error_do_contact"] = "Go back to the service's site. If the problem goes on, contact that service and give it the code below: none of your information was shared.",
        ["error_code"] = "Code for support",
    });

    public static readonly Texts Arabic = new("ar", true, new()
    {
        ["title"] = "تسجيل الدخول عبر هوية",
        ["for"] = "للولوج إلى",
        ["level"] = "مستوى الضمان المطلوب",
        ["national_number"] = "رقم بطاقتك الوطنية الإلكترونية",
        ["continue"] = "متابعة",
        ["cancel"] = "إلغاء والعودة إلى الخدمة",
        ["choose"] = "اختر طريقة إثبات هويتك",
        ["Password"] = "كلمة المرور",
        ["Sms"] = "رمز عبر رسالة نصية",
        ["Email"] = "رمز عبر البريد الإلكتروني",
        ["Card"] = "بطاقة التعريف (بدون رمز)",
        ["CardPin"] = "البطاقة + الرمز السري",
        ["CardFingerprint"] = "البطاقة + البصمة",
        ["password"] = "كلمة المرور الخاصة بك",
        ["code"] = "رمز من 6 أرقام",
        ["code_sent"] = "إذا كانت هذه الوسيلة مفعلة لهويتك، فقد أرسل إليك رمز صالح لمدة 5 دقائق.",
        ["resend"] = "إرسال رمز جديد",
        ["other_method"] = "استعمال وسيلة أخرى",
        ["not_me"] = "تغيير المعرّف",
        ["rejected"] = "فشل التحقق. حاول مرة أخرى.",
        ["attempts_left"] = "المحاولات المتبقية:",
        ["expired"] = "انتهت صلاحية هذا الرمز. اطلب رمزا جديدا.",
        ["exhausted"] = "محاولات كثيرة لهذا الرمز. اطلب رمزا جديدا.",
        ["locked"] = "إخفاقات كثيرة: هذه الوسيلة موقوفة مؤقتا. استعمل وسيلة أخرى أو حاول لاحقا.",
        ["send_failed"] = "تعذر إرسال الرمز. اختر وسيلة أخرى.",
        ["closed"] = "انتهت صلاحية محاولة الدخول هذه. عد إلى الخدمة للبدء من جديد.",
        ["no_method"] = "لا توجد وسيلة متاحة تبلغ المستوى الذي تطلبه هذه الخدمة.",
        ["invalid_number"] = "هذا الرقم غير صحيح (حروف وأرقام).",
        ["consent_title"] = "هل توافق على مشاركة هذه المعلومات؟",
        ["consent_intro"] = "تطلب الخدمة التالية الحصول على:",
        ["accept"] = "أوافق",
        ["deny"] = "أرفض",
        ["step_up"] = "تطلب هذه الخدمة تحققا إضافيا.",
        ["foreign_browser"] = "بدأ تسجيل الدخول هذا في متصفح آخر. عد إلى الخدمة للبدء من جديد.",
        ["too_many"] = "طلبات كثيرة من اتصالك. انتظر قليلا ثم أعد المحاولة.",
        ["claim"] = "المعلومة",
        ["eidas1"] = "منخفض (eIDAS 1)",
        ["eidas2"] = "جوهري (eIDAS 2)",
        ["eidas3"] = "مرتفع (eIDAS 3)",
        ["Push"] = "التأكيد عبر تطبيق هوية على هاتفك",
        ["Face"] = "التعرف على الوجه على هاتفك",
        ["device_push"] = "افتح تطبيق هوية على هاتفك وأدخل هذا الرقم للتأكيد:",
        ["device_face"] = "افتح تطبيق هوية على هاتفك وأدخل هذا الرقم: يقارن بعد ذلك وجهك بصورة بطاقتك. لا يغادر وجهك هاتفك.",
        ["device_check"] = "أكدت على هاتفي",
        ["device_waiting"] = "لم يصل أي تأكيد من هاتفك بعد.",
        ["device_denied"] = "رُفض تسجيل الدخول من هاتفك. إن لم تكن أنت، فلم تتم مشاركة أي شيء وتم تنبيهك.",
        ["push_throttled"] = "طلبات تأكيد كثيرة في انتظار هاتفك. استعمل وسيلة أخرى أو حاول لاحقا.",
        ["push_title"] = "طلب تسجيل الدخول عبر هوية",
        ["push_body"] = "طُلب تسجيل الدخول إلى {0}. أكد فقط إن كنت أنت.",
        ["error_title"] = "تعذر بدء تسجيل الدخول",
        ["error_client"] = "الخدمة التي أرسلتك إلى هنا غير معروفة لدى هوية، أو أن وصولها موقوف.",
        ["error_redirect_uri"] = "طلبت الخدمة التي أرسلتك إلى هنا إعادتك إلى عنوان لم تسجله. حفاظا على أمنك، لا ترسلك هوية إليه.",
        ["error_expired"] = "انتهت صلاحية طلب تسجيل الدخول هذا أو سبق استعماله.",
        ["error_request"] = "طلب تسجيل الدخول الذي أرسلته الخدمة ناقص أو غير صحيح.",
        ["error_do_retry"] = "عد إلى موقع الخدمة وابدأ تسجيل الدخول من جديد.",
        ["error_do_contact"] = "عد إلى موقع الخدمة. إن استمرت المشكلة، اتصل بهذه الخدمة وأعطها الرمز أدناه: لم تتم مشاركة أي من معلوماتك.",
        ["error_code"] = "رمز للدعم",
    });

    /// <summary>
    /// The first of the requested languages (OIDC Core §3.1.2.1 <c>ui_locales</c>), then the
    /// citizen's choice (cookie), then the browser's (RFC 9110 §12.5.4 Accept-Language, in the
    /// order given) that Hawiya speaks; French otherwise.
    /// </summary>
    public static Texts For(string? uiLocales, string? cookie, string? acceptLanguage = null)
    {
        var browser = (acceptLanguage ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(range => range.Split(';')[0].Trim());
        foreach (var tag in (uiLocales ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries).Append(cookie ?? string.Empty).Concat(browser))
        {
            switch (tag.Split('-')[0].ToLowerInvariant())
            {
                case "fr": return French;
                case "en": return English;
                case "ar": return Arabic;
            }
        }

        return French;
    }
}
