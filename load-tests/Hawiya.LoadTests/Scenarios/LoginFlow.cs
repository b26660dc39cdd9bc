using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>How the citizen proves who they are in a login.</summary>
public enum LoginMethod
{
    Password,
    Sms,

    /// <summary>Approved on the citizen's enrolled phone, matching the number the page shows.</summary>
    Push,
}

/// <summary>What a completed login yields: the pairwise subject and the tokens.</summary>
public sealed record LoginOutcome(string Subject, TokenResponse Tokens);

/// <summary>
/// The full authorization code flow as a browser and a relying party run it: authorization
/// request (PAR by default), identify, method, SMS code from the outbox or password, consent
/// when asked, code redemption with PKCE, userinfo. Every step is timed on the operation and
/// every answer checked: the redirect's state and iss, the ID token's signature and claims,
/// the pairwise subject, and the userinfo attributes.
/// </summary>
public sealed partial class LoginFlow(ScenarioServices services)
{
    private const string AuthorizePath = "/connect/authorize";
    private const string LoginPagePath = "/connect/login";

    public async Task<LoginOutcome> RunAsync(
        Operation op, BrowserSession browser, CitizenProfile citizen, ProviderProfile provider,
        LoginMethod method, IReadOnlyList<string> scopes, CancellationToken ct, IReadOnlyDictionary<string, string>? extra = null,
        PushDevice? device = null)
    {
        var startedAt = services.Time.GetUtcNow();
        var secrets = AuthorizationSecrets.Create();
        var client = BrowserSession.ClientSecretBasic(provider.ClientId, provider.Secret);
        var request = new Dictionary<string, string>
        {
            ["client_id"] = provider.ClientId,
            ["redirect_uri"] = provider.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = string.Join(' ', scopes),
            ["state"] = secrets.State,
            ["nonce"] = secrets.Nonce,
            ["code_challenge"] = secrets.CodeChallenge,
            ["code_challenge_method"] = "S256",
        };
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
        {
            request[name] = value;
        }

        var authorizeUrl = services.Settings.UsePar
            ? await op.StepAsync("par", () => PushAsync(browser, request, client, ct))
            : AuthorizePath + "?" + Query(request);
        var forms = await op.StepAsync("authorize", () => OpenAsync(browser, authorizeUrl, ct));
        forms = await op.StepAsync("identify", async () =>
            Expect(await SubmitAsync(browser, Form(forms, "identify"), ct, ("national_number", citizen.NationalNumber)), "method"));

        var methodForm = HtmlForms.Find(forms, "method", "method", method.ToString())
            ?? throw LoadFailure.Unexpected($"{method} is not offered to this citizen");
        HttpReply answered;
        if (method == LoginMethod.Sms)
        {
            var askedAt = services.Time.GetUtcNow();
            forms = await op.StepAsync("send-code", async () => Expect(await SubmitAsync(browser, methodForm, ct), "code"));
            var code = await op.StepAsync("outbox", () => ReadCodeAsync(browser, citizen.Phone, askedAt, ct));
            answered = await op.StepAsync("code", () => SubmitAsync(browser, Form(forms, "code"), ct, ("code", code)));
            ThrowIfRetried(answered, "code", "the server rejected the SMS code it sent");
        }
        else if (method == LoginMethod.Push)
        {
            answered = await ApproveOnPhoneAsync(op, browser, methodForm, device ?? throw new ArgumentNullException(nameof(device), "A push login needs the citizen's device."), ct);
        }
        else
        {
            forms = await op.StepAsync("method", async () => Expect(await SubmitAsync(browser, methodForm, ct), "password"));
            answered = await op.StepAsync("password", () => SubmitAsync(browser, Form(forms, "password"), ct, ("password", services.Settings.Password)));
            ThrowIfRetried(answered, "password", "the server rejected the citizen's password");
        }

        if (answered.Code == 200 && HtmlForms.Find(HtmlForms.Parse(answered.Body), "consent") is { } consent)
        {
            answered = await op.StepAsync("consent", () => SubmitAsync(browser, consent, ct, ("decision", "accept")));
        }

        if (answered.Code != 302)
        {
            throw LoadFailure.Refused(answered);
        }

        var authorizationCode = AuthorizationRedirect.ReadCode(answered.Location, provider.RedirectUri, secrets.State, services.Tokens.Issuer);
        var expectedClaims = citizen.ClaimsFor(scopes);
        var (tokens, subject) = await op.StepAsync("token", async () =>
        {
            var reply = await browser.PostFormAsync("/connect/token", new Dictionary<string, string>
            {
                ["grant_type"] = "authorization_code",
                ["code"] = authorizationCode,
                ["redirect_uri"] = provider.RedirectUri,
                ["code_verifier"] = secrets.CodeVerifier,
            }, ct, client);
            var response = TokenResponse.Read(reply);
            var sub = await CheckTokensAsync(response, citizen, provider, method, scopes, secrets.Nonce, startedAt, expectedClaims, ct);
            return (response, sub);
        });

        await op.StepAsync("userinfo", async () =>
        {
            var reply = await browser.GetAsync("/connect/userinfo", ct, BrowserSession.Bearer(tokens.AccessToken));
            if (reply.Code != 200)
            {
                throw LoadFailure.Refused(reply);
            }

            TokenChecks.CheckUserInfo(reply.Body, subject, expectedClaims);
            return true;
        });
        return new LoginOutcome(subject, tokens);
    }

    /// <summary>Checks the tokens of a code redemption; returns the pairwise subject.</summary>
    private async Task<string> CheckTokensAsync(
        TokenResponse response, CitizenProfile citizen, ProviderProfile provider, LoginMethod method, IReadOnlyList<string> scopes,
        string nonce, DateTimeOffset startedAt, IReadOnlyDictionary<string, string> claims, CancellationToken ct)
    {
        var idToken = await services.Tokens.ValidateAsync(response.IdToken, provider.ClientId, "id_token", ct);
        services.Tokens.CheckIdToken(idToken, new IdTokenExpectation
        {
            ClientId = provider.ClientId,
            Nonce = nonce,
            Subject = services.Subjects.Known(provider.Sector, citizen.Index),
            Acr = ExpectedAcr(method),
            Amr = ExpectedAmr(method),
            AuthenticatedAfter = startedAt,
            Claims = claims,
        });
        services.Subjects.Observe(provider.Sector, citizen.Index, idToken.Subject);
        var access = await services.Tokens.ValidateAsync(response.AccessToken, audience: null, "access_token", ct);
        if (access.Subject != idToken.Subject)
        {
            throw LoadFailure.Wrong("access_token sub differs from the id_token's");
        }

        if (scopes.Contains("offline_access") != (response.RefreshToken is not null))
        {
            throw LoadFailure.Wrong("a refresh_token must be issued exactly when offline_access is granted");
        }

        return idToken.Subject;
    }

    /// <summary>
    /// The level a login by <paramref name="method"/> alone reaches: one factor at the providers'
    /// minimum level (Low) is eIDAS low; a signature by a key bound to the phone is substantial
    /// (the server's default Hawiya:Levels).
    /// </summary>
    public static string ExpectedAcr(LoginMethod method) => method == LoginMethod.Push ? "eidas2" : "eidas1";

    /// <summary>The amr values (RFC 8176) the server documents for each method (CitizenPrincipal.AmrOf).</summary>
    public static IReadOnlyCollection<string> ExpectedAmr(LoginMethod method) => method switch
    {
        LoginMethod.Sms => ["sms", "otp"],
        LoginMethod.Push => ["swk", "user"],
        _ => ["pwd"],
    };

    private static async Task<string> PushAsync(BrowserSession browser, Dictionary<string, string> request, AuthenticationHeaderValue client, CancellationToken ct)
    {
        var reply = await browser.PostFormAsync("/connect/par", request, ct, client);
        if (reply.Code is not (200 or 201))
        {
            throw LoadFailure.Refused(reply);
        }

        using var document = TokenChecks.Parse(reply.Body, "PAR response");
        var requestUri = document.RootElement.TryGetProperty("request_uri", out var value) ? value.GetString() : null;
        if (string.IsNullOrEmpty(requestUri))
        {
            throw LoadFailure.Wrong("PAR response has no request_uri");
        }

        return $"{AuthorizePath}?client_id={Uri.EscapeDataString(request["client_id"])}&request_uri={Uri.EscapeDataString(requestUri)}";
    }

    /// <summary>Opens the authorization URL; the plain request first redirects to a request_uri on the same endpoint.</summary>
    private static async Task<IReadOnlyList<HtmlForm>> OpenAsync(BrowserSession browser, string url, CancellationToken ct)
    {
        var reply = await browser.GetAsync(url, ct);
        if (reply.Code == 302 && reply.Location is { } location && BrowserSession.LocalPart(location).StartsWith(AuthorizePath, StringComparison.Ordinal))
        {
            reply = await browser.GetAsync(BrowserSession.LocalPart(location), ct);
        }

        return Expect(reply, "identify");
    }

    /// <summary>
    /// The code of the SMS sent since <paramref name="askedAt"/>. The server hands codes to a
    /// send queue and answers at once, so the SMS may reach the outbox a moment after the page:
    /// the outbox is read again until it is there (this wait is part of the "outbox" step).
    /// </summary>
    internal static async Task<string> ReadCodeAsync(BrowserSession browser, string phone, DateTimeOffset askedAt, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            var reply = await browser.GetAsync($"/dev/outbox?to={Uri.EscapeDataString(phone)}&channel=sms", ct);
            if (reply.Code != 200)
            {
                throw LoadFailure.Refused(reply);
            }

            using var document = JsonDocument.Parse(reply.Body);
            // Newest first; this citizen is in no other login, so an SMS sent since it was asked for is this login's.
            if (document.RootElement.ValueKind == JsonValueKind.Array && document.RootElement.GetArrayLength() > 0
                && document.RootElement[0] is var newest
                && newest.TryGetProperty("sentAt", out var sentAt) && sentAt.TryGetDateTimeOffset(out var at) && at >= askedAt)
            {
                var body = newest.TryGetProperty("body", out var b) ? b.GetString() ?? string.Empty : string.Empty;
                return SixDigits().Match(body) is { Success: true } match
                    ? match.Value
                    : throw LoadFailure.Unexpected("the SMS carries no six-digit code");
            }

            if (attempt >= 100)
            {
                throw LoadFailure.Unexpected("no SMS in the outbox");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
    }

    private static Task<HttpReply> SubmitAsync(BrowserSession browser, HtmlForm form, CancellationToken ct, params (string Name, string Value)[] values)
    {
        // The steps that never end a login post to the login pages' own endpoint, the others to the authorization endpoint.
        if (form.Method != "post" || form.Action is not (AuthorizePath or LoginPagePath))
        {
            throw LoadFailure.Unexpected($"the {form.Step} form posts to {form.Action}, neither {AuthorizePath} nor {LoginPagePath}");
        }

        var fields = new Dictionary<string, string>(form.Fields, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            fields[name] = value;
        }

        return browser.PostFormAsync(form.Action, fields, ct);
    }

    /// <summary>The forms of a 200 page that has a <paramref name="step"/> form; anything else is a failure with the page's own words.</summary>
    private static IReadOnlyList<HtmlForm> Expect(HttpReply reply, string step)
    {
        if (reply.Code != 200)
        {
            throw LoadFailure.Refused(reply);
        }

        var forms = HtmlForms.Parse(reply.Body);
        return HtmlForms.Find(forms, step) is not null
            ? forms
            : throw new LoadFailure($"no {step} form: {HtmlForms.ErrorMessage(reply.Body) ?? "unexpected page"}", wrongAnswer: false);
    }

    private static HtmlForm Form(IReadOnlyList<HtmlForm> forms, string step) =>
        HtmlForms.Find(forms, step) ?? throw LoadFailure.Unexpected($"no {step} form");

    /// <summary>The same question asked again means the server refused a correct answer.</summary>
    private static void ThrowIfRetried(HttpReply reply, string step, string reason)
    {
        if (reply.Code == 200 && HtmlForms.Find(HtmlForms.Parse(reply.Body), step) is not null)
        {
            throw LoadFailure.Wrong(reason);
        }
    }

    private static string Query(Dictionary<string, string> values) =>
        string.Join('&', values.Select(kv => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(kv.Value)}"));

    [GeneratedRegex("\\b[0-9]{6}\\b")]
    private static partial Regex SixDigits();
}
