using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Scenarios;

public sealed partial class LoginFlow
{
    /// <summary>
    /// The start of a login up to the code page: authorization request, identify, choose SMS.
    /// Steps are named with <paramref name="kind"/> ("known"/"unknown"), so a report sets the
    /// time the server takes for a citizen it knows beside one it does not.
    /// </summary>
    public async Task ProbeSendCodeAsync(Operation op, BrowserSession browser, string nationalNumber, ProviderProfile provider, string kind, CancellationToken ct)
    {
        var secrets = AuthorizationSecrets.Create();
        var request = new Dictionary<string, string>
        {
            ["client_id"] = provider.ClientId,
            ["redirect_uri"] = provider.RedirectUri,
            ["response_type"] = "code",
            ["scope"] = "openid",
            ["state"] = secrets.State,
            ["nonce"] = secrets.Nonce,
            ["code_challenge"] = secrets.CodeChallenge,
            ["code_challenge_method"] = "S256",
        };
        var url = await PushAsync(browser, request, BrowserSession.ClientSecretBasic(provider.ClientId, provider.Secret), ct);
        var forms = await OpenAsync(browser, url, ct);
        forms = await op.StepAsync($"{kind}:identify", async () =>
            Expect(await SubmitAsync(browser, Form(forms, "identify"), ct, ("national_number", nationalNumber)), "method"));
        var sms = HtmlForms.Find(forms, "method", "method", nameof(LoginMethod.Sms))
            ?? throw LoadFailure.Unexpected("SMS is not offered");
        await op.StepAsync($"{kind}:send-code", async () => Expect(await SubmitAsync(browser, sms, ct), "code"));
    }
}

/// <summary>
/// Account enumeration by timing: arrivals alternate between a seeded citizen and a national
/// number nobody holds, both asking for an SMS code. The server must do the same work for both;
/// the report's known:send-code and unknown:send-code latencies show whether it does.
/// </summary>
public sealed class EnumerationScenario(ScenarioServices services) : IScenario
{
    private readonly LoginFlow _flow = new(services);
    private long _arrivals;

    public string Name => "enumeration";

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        var provider = services.NextProvider();
        if (Interlocked.Increment(ref _arrivals) % 2 == 0)
        {
            var unknown = "ZZ" + Random.Shared.Next(0, 10_000_000).ToString("D7", System.Globalization.CultureInfo.InvariantCulture);
            await _flow.ProbeSendCodeAsync(operation, services.NewBrowser(), unknown, provider, "unknown", cancellationToken);
            return;
        }

        var citizen = services.Citizens.Lease();
        try
        {
            await _flow.ProbeSendCodeAsync(operation, services.NewBrowser(), services.Population.Citizen(citizen).NationalNumber, provider, "known", cancellationToken);
        }
        finally
        {
            services.Citizens.Return(citizen);
        }
    }
}
