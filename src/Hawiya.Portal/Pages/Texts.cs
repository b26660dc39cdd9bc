using System.Collections.Frozen;

namespace Hawiya.Portal.Pages;

/// <summary>
/// The portal's words in French (the default), English and Arabic (right to left). The
/// language is the one the citizen picked (a cookie), else French.
/// </summary>
internal sealed record Texts
{
    public const string CookieName = "hawiya-portal-lang";

    public required string Code { get; init; }
    public required string Direction { get; init; }
    public required string PortalName { get; init; }
    public required string LanguageName { get; init; }
    public required string Activity { get; init; }
    public required string Consents { get; init; }
    public required string Methods { get; init; }
    public required string Identity { get; init; }
    public required string Alerts { get; init; }
    public required string NotMe { get; init; }
    public required string LogOut { get; init; }
    public required string ActivityIntro { get; init; }
    public required string NoActivity { get; init; }
    public required string Older { get; init; }
    public required string Newest { get; init; }
    public required string Level { get; init; }
    public required string With { get; init; }
    public required string Released { get; init; }
    public required string Place { get; init; }
    public required string NotMeHint { get; init; }
    public required string ConsentsIntro { get; init; }
    public required string NoConsents { get; init; }
    public required string Since { get; init; }
    public required string Scopes { get; init; }
    public required string Revoke { get; init; }
    public required string ConsentRevoked { get; init; }
    public required string MethodsIntro { get; init; }
    public required string StepUpNote { get; init; }
    public required string StepUpDone { get; init; }
    public required string On { get; init; }
    public required string Off { get; init; }
    public required string TurnOn { get; init; }
    public required string TurnOff { get; init; }
    public required string MethodChanged { get; init; }
    public required string ContactPoints { get; init; }
    public required string Phone { get; init; }
    public required string Email { get; init; }
    public required string None { get; init; }
    public required string Devices { get; init; }
    public required string NoDevices { get; init; }
    public required string EnrolledOn { get; init; }
    public required string RemoveDevice { get; init; }
    public required string DeviceRemoved { get; init; }
    public required string IdentityIntro { get; init; }
    public required string Status { get; init; }
    public required string Activate { get; init; }
    public required string Deactivate { get; init; }
    public required string StatusChanged { get; init; }
    public required string Cards { get; init; }
    public required string NoCards { get; init; }
    public required string ValidUntil { get; init; }
    public required string ReportLost { get; init; }
    public required string ReportStolen { get; init; }
    public required string CardReported { get; init; }
    public required string AlertsIntro { get; init; }
    public required string AlertUse { get; init; }
    public required string AlertNewMethod { get; init; }
    public required string AlertCardStatus { get; init; }
    public required string AlertNoneNote { get; init; }
    public required string Save { get; init; }
    public required string AlertsSaved { get; init; }
    public required string NotMeIntro { get; init; }
    public required string NotMeUnfreeze { get; init; }
    public required string NotMeButton { get; init; }
    public required string FrozenTitle { get; init; }
    public required string FrozenText { get; init; }
    public required string SignedOutTitle { get; init; }
    public required string SignIn { get; init; }
    public required string LoginFailedTitle { get; init; }
    public required string LoginFailed { get; init; }
    public required string LoginRefused { get; init; }
    public required string TryAgain { get; init; }
    public required string Refused { get; init; }
    public required string NotFoundTitle { get; init; }
    public required FrozenDictionary<string, string> KindNames { get; init; }
    public required FrozenDictionary<string, string> MethodNames { get; init; }
    public required FrozenDictionary<string, string> StatusNames { get; init; }
    public required FrozenDictionary<string, string> ChannelNames { get; init; }

    /// <summary>The label of a persisted enum value, or the value itself when it has none.</summary>
    public static string Label(FrozenDictionary<string, string> names, string? value) =>
        value is null ? string.Empty : names.GetValueOrDefault(value, value);

    public static Texts For(HttpContext context) =>
        context.Request.Cookies.TryGetValue(CookieName, out var code) && ByCode.TryGetValue(code ?? string.Empty, out var texts) ? texts : French;

    public static bool TryGet(string code, out Texts texts) => ByCode.TryGetValue(code, out texts!);

    public static readonly Texts French = new()
    {
        Code = "fr",
        Direction = "ltr",
        PortalName = "Espace citoyen Hawiya",
        LanguageName = "Français",
        Activity = "Activité",
        Consents = "Consentements",
        Methods = "Méthodes",
        Identity = "Identité",
        Alerts = "Alertes",
        NotMe = "Ce n'était pas moi",
        LogOut = "Se déconnecter",
        ActivityIntro = "Chaque utilisation de votre identité numérique, la plus récente d'abord.",
        NoActivity = "Aucune activité pour l'instant.",
        Older = "Entrées plus anciennes",
        Newest = "Les plus récentes",
        Level = "Niveau",
        With = "Méthodes",
        Released = "Données transmises",
        Place = "Lieu",
        NotMeHint = "Vous ne reconnaissez pas une utilisation ?",
        ConsentsIntro = "Les services auxquels vous avez accepté de transmettre des données. Retirer un consentement met fin aux sessions de ce service.",
        NoConsents = "Aucun consentement en cours.",
        Since = "Depuis le",
        Scopes = "Accès",
        Revoke = "Retirer le consentement",
        ConsentRevoked = "Consentement retiré ; sessions terminées : {0}.",
        MethodsIntro = "Activez ou désactivez chacune de vos méthodes d'authentification.",
        StepUpNote = "Par sécurité, ces changements demandent une connexion récente de niveau substantiel (eIDAS 2).",
        StepUpDone = "Connexion confirmée : refaites votre action.",
        On = "activée",
        Off = "désactivée",
        TurnOn = "Activer",
        TurnOff = "Désactiver",
        MethodChanged = "Méthode mise à jour.",
        ContactPoints = "Coordonnées enregistrées",
        Phone = "Téléphone",
        Email = "Courriel",
        None = "aucun",
        Devices = "Appareils enregistrés",
        NoDevices = "Aucun appareil enregistré.",
        EnrolledOn = "enregistré le",
        RemoveDevice = "Retirer cet appareil",
        DeviceRemoved = "Appareil retiré : il ne peut plus approuver de connexion.",
        IdentityIntro = "L'état de votre identité numérique et de vos cartes.",
        Status = "État",
        Activate = "Activer mon identité numérique",
        Deactivate = "Désactiver mon identité numérique",
        StatusChanged = "État mis à jour.",
        Cards = "Cartes",
        NoCards = "Aucune carte rattachée.",
        ValidUntil = "valable jusqu'au",
        ReportLost = "Déclarer perdue",
        ReportStolen = "Déclarer volée",
        CardReported = "Carte révoquée. Toutes vos sessions ont été fermées.",
        AlertsIntro = "Comment être prévenu, pour chaque type d'événement.",
        AlertUse = "Utilisation de l'identité",
        AlertNewMethod = "Nouvelle méthode",
        AlertCardStatus = "État de la carte",
        AlertNoneNote = "« Aucune » n'est possible que pour les utilisations : les événements de sécurité sont toujours signalés.",
        Save = "Enregistrer",
        AlertsSaved = "Préférences enregistrées.",
        NotMeIntro = "Si quelqu'un a utilisé votre identité à votre place, gelez-la : plus aucune connexion n'est possible et toutes les sessions ouvertes sont fermées, chez tous les services.",
        NotMeUnfreeze = "Pour la dégeler ensuite, il faudra présenter votre carte (CNIE) avec son code.",
        NotMeButton = "Ce n'était pas moi : geler mon identité",
        FrozenTitle = "Identité gelée",
        FrozenText = "Votre identité numérique est gelée et toutes vos sessions ont été fermées. Pour la dégeler, présentez votre carte (CNIE) avec son code dans l'application Hawiya ou à un guichet.",
        SignedOutTitle = "Vous êtes déconnecté",
        SignIn = "Se connecter",
        LoginFailedTitle = "Connexion impossible",
        LoginFailed = "La réponse de Hawiya n'a pas pu être acceptée.",
        LoginRefused = "La connexion a été refusée (identité non active, gelée, ou refus de votre part).",
        TryAgain = "Réessayer",
        Refused = "Action refusée",
        NotFoundTitle = "Page introuvable",
        KindNames = new Dictionary<string, string> { ["Use"] = "Utilisation", ["MethodEnabled"] = "Méthode activée", ["MethodDisabled"] = "Méthode désactivée", ["MethodEnrolled"] = "Méthode ajoutée", ["CardStatusChanged"] = "Changement d'état de la carte", ["Frozen"] = "Identité gelée", ["Unfrozen"] = "Identité dégelée", ["Activated"] = "Identité activée", ["Deactivated"] = "Identité désactivée", ["ConsentRevoked"] = "Consentement retiré", ["PushDenied"] = "Notification refusée", ["PushThrottled"] = "Notifications limitées", ["LockedOut"] = "Méthode bloquée" }.ToFrozenDictionary(),
        MethodNames = new Dictionary<string, string> { ["Password"] = "Mot de passe", ["Sms"] = "Code par SMS", ["Email"] = "Code par courriel", ["Push"] = "Notification sur l'application", ["Face"] = "Visage", ["Card"] = "Carte", ["CardPin"] = "Carte et code", ["CardFingerprint"] = "Carte et empreinte", ["device"] = "Appareil" }.ToFrozenDictionary(),
        StatusNames = new Dictionary<string, string> { ["NotActivated"] = "non activée", ["Active"] = "active", ["Deactivated"] = "désactivée", ["Frozen"] = "gelée", ["Deceased"] = "close (décès)", ["Suspended"] = "suspendue", ["Revoked"] = "révoquée", ["NotIssued"] = "non délivrée" }.ToFrozenDictionary(),
        ChannelNames = new Dictionary<string, string> { ["Push"] = "Application", ["Sms"] = "SMS", ["Email"] = "Courriel", ["None"] = "Aucune" }.ToFrozenDictionary(),
    };

    public static readonly Texts English = new()
    {
        Code = "en",
        Direction = "ltr",
        PortalName = "Hawiya citizen space",
        LanguageName = "English",
        Activity = "Activity",
        Consents = "Consents",
        Methods = "Methods",
        Identity = "Identity",
        Alerts = "Alerts",
        NotMe = "It wasn't me",
        LogOut = "Log out",
        ActivityIntro = "Every use of your digital identity, newest first.",
        NoActivity = "No activity yet.",
        Older = "Older entries",
        Newest = "Newest entries",
        Level = "Level",
        With = "Methods",
        Released = "Data shared",
        Place = "Place",
        NotMeHint = "Don't recognise a use?",
        ConsentsIntro = "The services you agreed to share data with. Withdrawing a consent ends that service's sessions.",
        NoConsents = "No consent given.",
        Since = "Since",
        Scopes = "Access",
        Revoke = "Withdraw consent",
        ConsentRevoked = "Consent withdrawn; sessions ended: {0}.",
        MethodsIntro = "Turn each of your authentication methods on or off.",
        StepUpNote = "For your security, these changes need a recent login at substantial level (eIDAS 2).",
        StepUpDone = "Login confirmed: please repeat your action.",
        On = "on",
        Off = "off",
        TurnOn = "Turn on",
        TurnOff = "Turn off",
        MethodChanged = "Method updated.",
        ContactPoints = "Contact points on file",
        Phone = "Phone",
        Email = "Email",
        None = "none",
        Devices = "Enrolled devices",
        NoDevices = "No device enrolled.",
        EnrolledOn = "enrolled on",
        RemoveDevice = "Remove this device",
        DeviceRemoved = "Device removed: it can no longer approve a login.",
        IdentityIntro = "The state of your digital identity and your cards.",
        Status = "Status",
        Activate = "Activate my digital identity",
        Deactivate = "Deactivate my digital identity",
        StatusChanged = "Status updated.",
        Cards = "Cards",
        NoCards = "No card attached.",
        ValidUntil = "valid until",
        ReportLost = "Report lost",
        ReportStolen = "Report stolen",
        CardReported = "Card revoked. All your sessions were ended.",
        AlertsIntro = "How to be told, for each kind of event.",
        AlertUse = "Use of the identity",
        AlertNewMethod = "New method",
        AlertCardStatus = "Card status",
        AlertNoneNote = "\"None\" is allowed for uses only: security events are always alerted.",
        Save = "Save",
        AlertsSaved = "Preferences saved.",
        NotMeIntro = "If someone used your identity instead of you, freeze it: no login is possible any more and every open session is ended, at every service.",
        NotMeUnfreeze = "To unfreeze it afterwards, you will need your card (CNIE) and its PIN.",
        NotMeButton = "It wasn't me: freeze my identity",
        FrozenTitle = "Identity frozen",
        FrozenText = "Your digital identity is frozen and all your sessions were ended. To unfreeze it, present your card (CNIE) with its PIN in the Hawiya app or at a counter.",
        SignedOutTitle = "You are logged out",
        SignIn = "Log in",
        LoginFailedTitle = "Login failed",
        LoginFailed = "Hawiya's answer could not be accepted.",
        LoginRefused = "The login was refused (identity not active, frozen, or you declined).",
        TryAgain = "Try again",
        Refused = "Action refused",
        NotFoundTitle = "Page not found",
        KindNames = new Dictionary<string, string> { ["Use"] = "Use", ["MethodEnabled"] = "Method turned on", ["MethodDisabled"] = "Method turned off", ["MethodEnrolled"] = "Method added", ["CardStatusChanged"] = "Card status changed", ["Frozen"] = "Identity frozen", ["Unfrozen"] = "Identity unfrozen", ["Activated"] = "Identity activated", ["Deactivated"] = "Identity deactivated", ["ConsentRevoked"] = "Consent withdrawn", ["PushDenied"] = "Push denied", ["PushThrottled"] = "Pushes throttled", ["LockedOut"] = "Method locked" }.ToFrozenDictionary(),
        MethodNames = new Dictionary<string, string> { ["Password"] = "Password", ["Sms"] = "SMS code", ["Email"] = "Email code", ["Push"] = "App notification", ["Face"] = "Face", ["Card"] = "Card", ["CardPin"] = "Card and PIN", ["CardFingerprint"] = "Card and fingerprint", ["device"] = "Device" }.ToFrozenDictionary(),
        StatusNames = new Dictionary<string, string> { ["NotActivated"] = "not activated", ["Active"] = "active", ["Deactivated"] = "deactivated", ["Frozen"] = "frozen", ["Deceased"] = "closed (deceased)", ["Suspended"] = "suspended", ["Revoked"] = "revoked", ["NotIssued"] = "not issued" }.ToFrozenDictionary(),
        ChannelNames = new Dictionary<string, string> { ["Push"] = "App", ["Sms"] = "SMS", ["Email"] = "Email", ["None"] = "None" }.ToFrozenDictionary(),
    };

    public static readonly Texts Arabic = new()
    {
        Code = "ar",
        Direction = "rtl",
        PortalName = "فضاء المواطن هوية",
        LanguageName = "العربية",
        Activity = "النشاط",
        Consents = "الموافقات",
        Methods = "طرق التحقق",
        Identity = "الهوية",
        Alerts = "التنبيهات",
        NotMe = "لم أكن أنا",
        LogOut = "تسجيل الخروج",
        ActivityIntro = "كل استعمال لهويتك الرقمية، الأحدث أولا.",
        NoActivity = "لا يوجد أي نشاط بعد.",
        Older = "إدخالات أقدم",
        Newest = "الأحدث",
        Level = "المستوى",
        With = "الطرق",
        Released = "البيانات المرسلة",
        Place = "المكان",
        NotMeHint = "لا تتعرف على استعمال؟",
        ConsentsIntro = "الخدمات التي وافقت على مشاركة بياناتك معها. سحب الموافقة ينهي جلسات هذه الخدمة.",
        NoConsents = "لا توجد موافقات.",
        Since = "منذ",
        Scopes = "الوصول",
        Revoke = "سحب الموافقة",
        ConsentRevoked = "تم سحب الموافقة؛ الجلسات المنتهية: {0}.",
        MethodsIntro = "فعّل أو عطّل كل طريقة من طرق التحقق.",
        StepUpNote = "لأمانك، تتطلب هذه التغييرات تسجيل دخول حديثا بمستوى جوهري (eIDAS 2).",
        StepUpDone = "تم تأكيد الدخول: أعد تنفيذ العملية.",
        On = "مفعّلة",
        Off = "معطّلة",
        TurnOn = "تفعيل",
        TurnOff = "تعطيل",
        MethodChanged = "تم تحديث الطريقة.",
        ContactPoints = "بيانات الاتصال المسجلة",
        Phone = "الهاتف",
        Email = "البريد الإلكتروني",
        None = "لا شيء",
        Devices = "الأجهزة المسجلة",
        NoDevices = "لا يوجد جهاز مسجل.",
        EnrolledOn = "سُجل في",
        RemoveDevice = "حذف هذا الجهاز",
        DeviceRemoved = "تم حذف الجهاز: لم يعد بإمكانه الموافقة على تسجيل الدخول.",
        IdentityIntro = "حالة هويتك الرقمية وبطائقك.",
        Status = "الحالة",
        Activate = "تفعيل هويتي الرقمية",
        Deactivate = "تعطيل هويتي الرقمية",
        StatusChanged = "تم تحديث الحالة.",
        Cards = "البطائق",
        NoCards = "لا توجد بطاقة مرتبطة.",
        ValidUntil = "صالحة إلى غاية",
        ReportLost = "التصريح بالضياع",
        ReportStolen = "التصريح بالسرقة",
        CardReported = "تم إلغاء البطاقة. أُغلقت جميع جلساتك.",
        AlertsIntro = "كيف يتم إخبارك، لكل نوع من الأحداث.",
        AlertUse = "استعمال الهوية",
        AlertNewMethod = "طريقة جديدة",
        AlertCardStatus = "حالة البطاقة",
        AlertNoneNote = "«لا شيء» ممكن للاستعمالات فقط: أحداث الأمان تُبلَّغ دائما.",
        Save = "حفظ",
        AlertsSaved = "تم حفظ التفضيلات.",
        NotMeIntro = "إذا استعمل شخص هويتك مكانك، جمّدها: لن يكون أي تسجيل دخول ممكنا وستُغلق كل الجلسات المفتوحة لدى جميع الخدمات.",
        NotMeUnfreeze = "لإلغاء التجميد لاحقا، ستحتاج إلى بطاقتك (CNIE) ورمزها.",
        NotMeButton = "لم أكن أنا: جمّد هويتي",
        FrozenTitle = "الهوية مجمدة",
        FrozenText = "هويتك الرقمية مجمدة وأُغلقت جميع جلساتك. لإلغاء التجميد، قدّم بطاقتك (CNIE) مع رمزها في تطبيق هوية أو لدى الشباك.",
        SignedOutTitle = "تم تسجيل خروجك",
        SignIn = "تسجيل الدخول",
        LoginFailedTitle = "تعذر تسجيل الدخول",
        LoginFailed = "تعذر قبول رد هوية.",
        LoginRefused = "تم رفض تسجيل الدخول (هوية غير مفعلة أو مجمدة أو رفضت ذلك).",
        TryAgain = "أعد المحاولة",
        Refused = "تم رفض العملية",
        NotFoundTitle = "الصفحة غير موجودة",
        KindNames = new Dictionary<string, string> { ["Use"] = "استعمال", ["MethodEnabled"] = "تفعيل طريقة", ["MethodDisabled"] = "تعطيل طريقة", ["MethodEnrolled"] = "إضافة طريقة", ["CardStatusChanged"] = "تغير حالة البطاقة", ["Frozen"] = "تجميد الهوية", ["Unfrozen"] = "إلغاء تجميد الهوية", ["Activated"] = "تفعيل الهوية", ["Deactivated"] = "تعطيل الهوية", ["ConsentRevoked"] = "سحب موافقة", ["PushDenied"] = "رفض إشعار", ["PushThrottled"] = "تقييد الإشعارات", ["LockedOut"] = "حظر طريقة" }.ToFrozenDictionary(),
        MethodNames = new Dictionary<string, string> { ["Password"] = "كلمة المرور", ["Sms"] = "رمز عبر SMS", ["Email"] = "رمز عبر البريد", ["Push"] = "إشعار على التطبيق", ["Face"] = "الوجه", ["Card"] = "البطاقة", ["CardPin"] = "البطاقة والرمز", ["CardFingerprint"] = "البطاقة والبصمة", ["device"] = "جهاز" }.ToFrozenDictionary(),
        StatusNames = new Dictionary<string, string> { ["NotActivated"] = "غير مفعلة", ["Active"] = "مفعلة", ["Deactivated"] = "معطلة", ["Frozen"] = "مجمدة", ["Deceased"] = "مغلقة (وفاة)", ["Suspended"] = "موقوفة", ["Revoked"] = "ملغاة", ["NotIssued"] = "غير مسلمة" }.ToFrozenDictionary(),
        ChannelNames = new Dictionary<string, string> { ["Push"] = "التطبيق", ["Sms"] = "SMS", ["Email"] = "البريد الإلكتروني", ["None"] = "لا شيء" }.ToFrozenDictionary(),
    };

    public static readonly Texts[] All = [French, English, Arabic];

    private static readonly FrozenDictionary<string, Texts> ByCode = All.ToFrozenDictionary(t => t.Code, StringComparer.Ordinal);
}
