using System.Collections.Frozen;

namespace Hawiya.Portal.Pages;

/// <summary>The words of the enrollment forms on the Methods page, in the portal's three languages.</summary>
internal sealed record EnrollmentTexts
{
    public required string ChangePassword { get; init; }
    public required string NewPassword { get; init; }
    public required string PasswordRules { get; init; }
    public required string SavePassword { get; init; }
    public required string PasswordChanged { get; init; }
    public required string PasswordRefused { get; init; }
    public required string AddPhone { get; init; }
    public required string AddEmail { get; init; }
    public required string NewPhone { get; init; }
    public required string NewEmail { get; init; }
    public required string SendCode { get; init; }
    public required string EnterCode { get; init; }
    public required string Code { get; init; }
    public required string ConfirmCode { get; init; }
    public required string ContactChanged { get; init; }
    public required string WrongCode { get; init; }
    public required string DevicesInApp { get; init; }

    public static EnrollmentTexts For(Texts t) => ByCode.TryGetValue(t.Code, out var texts) ? texts : ByCode["fr"];

    private static readonly FrozenDictionary<string, EnrollmentTexts> ByCode = new Dictionary<string, EnrollmentTexts>
    {
        ["fr"] = new()
        {
            ChangePassword = "Changer de mot de passe",
            NewPassword = "Nouveau mot de passe",
            PasswordRules = "Au moins 8 caractères, sans autre règle : une phrase est idéale. Les mots de passe courants ou faits de vos identifiants sont refusés.",
            SavePassword = "Enregistrer le mot de passe",
            PasswordChanged = "Votre mot de passe a été changé.",
            PasswordRefused = "Ce mot de passe est refusé.",
            AddPhone = "Changer de numéro de téléphone",
            AddEmail = "Changer d'adresse électronique",
            NewPhone = "Nouveau numéro (format international, +212…)",
            NewEmail = "Nouvelle adresse",
            SendCode = "Recevoir un code",
            EnterCode = "Un code vient d'être envoyé. Saisissez-le pour confirmer ; il est valable 10 minutes.",
            Code = "Code reçu",
            ConfirmCode = "Confirmer",
            ContactChanged = "Le nouveau moyen de contact est enregistré.",
            WrongCode = "Le code ne correspond pas.",
            DevicesInApp = "Un appareil s'ajoute depuis l'application Hawiya : sa clé est créée et gardée sur le téléphone.",
        },
        ["en"] = new()
        {
            ChangePassword = "Change password",
            NewPassword = "New password",
            PasswordRules = "At least 8 characters and no other rule: a phrase is ideal. Common passwords and ones made of your identifiers are refused.",
            SavePassword = "Save the password",
            PasswordChanged = "Your password was changed.",
            PasswordRefused = "This password is refused.",
            AddPhone = "Change phone number",
            AddEmail = "Change email address",
            NewPhone = "New number (international format, +212…)",
            NewEmail = "New address",
            SendCode = "Send me a code",
            EnterCode = "A code was just sent. Enter it to confirm; it is valid for 10 minutes.",
            Code = "Code received",
            ConfirmCode = "Confirm",
            ContactChanged = "The new contact point is saved.",
            WrongCode = "The code does not match.",
            DevicesInApp = "A device is added from the Hawiya app: its key is made and kept on the phone.",
        },
        ["ar"] = new()
        {
            ChangePassword = "تغيير كلمة المرور",
            NewPassword = "كلمة المرور الجديدة",
            PasswordRules = "8 أحرف على الأقل دون أي قاعدة أخرى: الجملة مثالية. تُرفض كلمات المرور الشائعة أو المكونة من معرفاتك.",
            SavePassword = "حفظ كلمة المرور",
            PasswordChanged = "تم تغيير كلمة المرور.",
            PasswordRefused = "كلمة المرور هذه مرفوضة.",
            AddPhone = "تغيير رقم الهاتف",
            AddEmail = "تغيير البريد الإلكتروني",
            NewPhone = "الرقم الجديد (بالصيغة الدولية، ‎+212…)",
            NewEmail = "العنوان الجديد",
            SendCode = "استلام رمز",
            EnterCode = "تم إرسال رمز للتو. أدخله للتأكيد؛ وهو صالح لمدة 10 دقائق.",
            Code = "الرمز المستلم",
            ConfirmCode = "تأكيد",
            ContactChanged = "تم حفظ وسيلة الاتصال الجديدة.",
            WrongCode = "الرمز غير مطابق.",
            DevicesInApp = "يضاف الجهاز من تطبيق هوية: يتم إنشاء مفتاحه وحفظه على الهاتف.",
        },
    }.ToFrozenDictionary();
}
