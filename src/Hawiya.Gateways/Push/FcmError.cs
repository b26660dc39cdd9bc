using System.Net;
using System.Text.Json;

namespace Hawiya.Gateways.Push;

/// <summary>
/// The parts of an FCM HTTP v1 error body (a google.rpc.Status) this client acts on
/// (https://firebase.google.com/docs/cloud-messaging/error-codes).
/// </summary>
/// <param name="Status">The canonical status, e.g. NOT_FOUND, INVALID_ARGUMENT.</param>
/// <param name="FcmErrorCode">errorCode of the <c>google.firebase.fcm.v1.FcmError</c> detail, e.g. UNREGISTERED.</param>
/// <param name="InvalidFields">Fields named by a <c>google.rpc.BadRequest</c> detail.</param>
internal sealed record FcmError(string? Status, string? FcmErrorCode, IReadOnlyList<string> InvalidFields)
{
    private const string FcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";
    private const string BadRequestType = "type.googleapis.com/google.rpc.BadRequest";

    public static FcmError Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("error", out var error)
                || error.ValueKind != JsonValueKind.Object)
            {
                return new FcmError(null, null, []);
            }

            string? fcmCode = null;
            var fields = new List<string>();
            if (error.TryGetProperty("details", out var details) && details.ValueKind == JsonValueKind.Array)
            {
                foreach (var detail in details.EnumerateArray())
                {
                    switch (ReadString(detail, "@type"))
                    {
                        case FcmErrorType:
                            fcmCode = ReadString(detail, "errorCode");
                            break;
                        case BadRequestType when detail.TryGetProperty("fieldViolations", out var violations)
                                                 && violations.ValueKind == JsonValueKind.Array:
                            fields.AddRange(violations.EnumerateArray().Select(v => ReadString(v, "field")).OfType<string>());
                            break;
                    }
                }
            }

            return new FcmError(ReadString(error, "status"), fcmCode, fields);
        }
        catch (JsonException)
        {
            return new FcmError(null, null, []);
        }
    }

    /// <summary>
    /// Maps an error response. UNREGISTERED (404) means the app instance is gone; INVALID_ARGUMENT
    /// (400) carried by an FcmError detail, or a BadRequest naming only <c>message.token</c>, means
    /// the token is not a valid registration token. Both tell the caller to remove the device.
    /// </summary>
    public PushSendResult ToResult(HttpStatusCode httpStatus, TimeSpan? retryAfter)
    {
        var code = FcmErrorCode ?? Status;
        var reason = code is null ? $"fcm:http_{(int)httpStatus}" : $"fcm:{code}";

        // Only the FcmError detail counts: a bare 404 NOT_FOUND is also what a wrong project id
        // gets, and treating that as "unregistered" would drop every citizen's devices.
        if (FcmErrorCode == "UNREGISTERED")
        {
            return PushSendResult.Unregistered(reason);
        }

        // FCM: remove the token on INVALID_ARGUMENT only when the payload is known to be valid
        // (https://firebase.google.com/docs/cloud-messaging/manage-tokens); a BadRequest naming any
        // other field says the payload is at fault.
        var otherFieldInvalid = InvalidFields.Any(f => f != "message.token");
        if (!otherFieldInvalid && (FcmErrorCode == "INVALID_ARGUMENT" || InvalidFields.Contains("message.token")))
        {
            return PushSendResult.Unregistered(reason);
        }

        // SENDER_ID_MISMATCH (403) is deliberately not "unregistered": if our project id were
        // misconfigured, every device of every citizen would be dropped.
        return httpStatus == HttpStatusCode.TooManyRequests || (int)httpStatus >= 500
            ? PushSendResult.RetryLater(reason, retryAfter)
            : PushSendResult.Rejected(reason);
    }

    /// <summary>THIRD_PARTY_AUTH_ERROR is a 401 about the APNs or web-push credential, not our token.</summary>
    public bool IsOurTokenRejected(HttpStatusCode httpStatus) =>
        httpStatus == HttpStatusCode.Unauthorized && FcmErrorCode != "THIRD_PARTY_AUTH_ERROR";

    private static string? ReadString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
