namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Each arrival is a new citizen logging in to a provider from a fresh browser: by SMS code
/// (peak-login, a deadline day's traffic) or by password (password-login).
/// </summary>
public sealed class LoginScenario(string name, LoginMethod method, ScenarioServices services) : IScenario
{
    private readonly LoginFlow _flow = new(services);

    public string Name => name;

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        var citizen = services.Citizens.Lease();
        try
        {
            await _flow.RunAsync(
                operation, services.NewBrowser(), services.Population.Citizen(citizen), services.NextProvider(),
                method, services.Settings.Scopes, cancellationToken);
        }
        finally
        {
            services.Citizens.Return(citizen);
        }
    }
}

/// <summary>
/// A provider's back end asking for an access token for itself (RFC 6749 §4.4): one token
/// request with client_secret_basic; the token must verify and name the client as its subject.
/// </summary>
public sealed class ClientCredentialsScenario(ScenarioServices services) : IScenario
{
    public string Name => "client-credentials";

    public Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        var provider = services.NextProvider();
        var browser = services.NewBrowser();
        await operation.StepAsync("token", async () =>
        {
            var reply = await browser.PostFormAsync(
                "/connect/token",
                new Dictionary<string, string> { ["grant_type"] = "client_credentials" },
                cancellationToken,
                Http.BrowserSession.ClientSecretBasic(provider.ClientId, provider.Secret));
            var tokens = TokenResponse.Read(reply);
            var access = await services.Tokens.ValidateAsync(tokens.AccessToken, audience: null, "access_token", cancellationToken);
            if (access.Subject != provider.ClientId)
            {
                throw Checks.LoadFailure.Wrong("client_credentials access_token sub is not the client");
            }

            return true;
        });
    }
}
