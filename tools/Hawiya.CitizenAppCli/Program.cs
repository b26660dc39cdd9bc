using System.Text.Json;
using Hawiya.CitizenApp;
using Hawiya.CitizenAppCli;
using App = Hawiya.CitizenApp.CitizenApp;

// The citizen's phone, simulated: enroll a device, then answer the pushes the login page sends.
const string Usage = """
    hawiya-app enroll --number AB100001 --password demo-password-1 --phone +212600000001 [--label "My phone"]
    hawiya-app approve <number shown on the login page>
    hawiya-app deny                   deny the pending login and report it
    hawiya-app face <number shown on the login page> [--no-match]
                                      answer the pending face check (matched on the phone)
    hawiya-app pushes                 list the pushes received
    common options: --server http://127.0.0.1:5080  --state .run/citizen-app.json
    """;

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return 0;
}

var options = new Dictionary<string, string>(StringComparer.Ordinal);
var positional = new List<string>();
for (var i = 1; i < args.Length; i++)
{
    if (args[i].StartsWith("--", StringComparison.Ordinal))
    {
        options[args[i][2..]] = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : "true";
    }
    else
    {
        positional.Add(args[i]);
    }
}

var statePath = options.GetValueOrDefault("state", ".run/citizen-app.json");
using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(90));
try
{
    return args[0] switch
    {
        "enroll" => await EnrollAsync(),
        "approve" when positional.Count == 1 => Report(await WithAppAsync(app => WaitAndAnswerAsync(app, PushNotification.Approval, p => app.AnswerAsync(p, "approve", positional[0], null, cancel.Token)))),
        "deny" => Report(await WithAppAsync(app => WaitAndAnswerAsync(app, null, p => app.AnswerAsync(p, "deny", null, null, cancel.Token)))),
        "face" when positional.Count == 1 => Report(await WithAppAsync(app => WaitAndAnswerAsync(app, PushNotification.FaceCheck, p => app.AnswerAsync(p, "face", positional[0], !options.ContainsKey("no-match"), cancel.Token)))),
        "pushes" => await ListAsync(),
        _ => Fail("unknown command or missing argument\n" + Usage),
    };
}
catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException or JsonException)
{
    return Fail(e.Message);
}

async Task<int> EnrollAsync()
{
    if (!options.TryGetValue("number", out var number) || !options.TryGetValue("password", out var password) || !options.TryGetValue("phone", out var phone))
    {
        return Fail("enroll needs --number, --password and --phone (the SMS code is read from the development outbox)\n" + Usage);
    }

    var server = new Uri(options.GetValueOrDefault("server", "http://127.0.0.1:5080"));
    using var key = DeviceKey.Create();
    var state = new AppState(server.ToString(), key.ExportPem(), App.NewPushToken(), options.GetValueOrDefault("label", "Demo phone"));
    using var app = new App(server, key, state.PushToken);
    using var driver = new LoginPageDriver(server);
    using var outbox = new HttpClient { BaseAddress = server };
    var signIn = await app.SignInAsync(url => driver.PasswordAndSmsAsync(url, number, password, async () =>
    {
        using var messages = JsonDocument.Parse(await outbox.GetStringAsync("/dev/outbox?to=" + Uri.EscapeDataString(phone), cancel.Token));
        var body = messages.RootElement.EnumerateArray().First().GetProperty("body").GetString() ?? string.Empty;
        return System.Text.RegularExpressions.Regex.Match(body, "[0-9]{6}").Value;
    }, cancel.Token), "eidas2", cancel.Token);
    if (!signIn.Succeeded)
    {
        return Fail($"login failed: {signIn.Error} {signIn.Detail}");
    }

    var enrolled = await app.EnrollAsync(state.Label, cancel.Token);
    if (!enrolled.Succeeded)
    {
        return Fail($"enrollment refused: {enrolled.Status} {enrolled.Error} {enrolled.Detail}");
    }

    state.Save(statePath);
    Console.WriteLine($"device {key.Id} enrolled; push and face are now offered on the login page (state in {statePath})");
    return 0;
}

async Task<AppResponse> WithAppAsync(Func<App, Task<AppResponse>> action)
{
    var state = AppState.Load(statePath) ?? throw new InvalidOperationException($"no enrolled device in {statePath}: run 'hawiya-app enroll' first");
    using var key = DeviceKey.FromPem(state.KeyPem);
    using var app = new App(new Uri(state.Server), key, state.PushToken);
    return await action(app);
}

// The push usually arrives before the citizen has read the number; wait a little for it if not.
async Task<AppResponse> WaitAndAnswerAsync(App app, string? kind, Func<PushNotification, Task<AppResponse>> answer)
{
    while (true)
    {
        var pushes = await app.ReceivePushesAsync(cancel.Token);
        if (pushes.FirstOrDefault(p => p.IsChallenge && (kind is null || p.Kind == kind)) is { } push)
        {
            Console.WriteLine($"login request for {push.Provider}");
            return await answer(push);
        }

        await Task.Delay(TimeSpan.FromSeconds(1), cancel.Token);
    }
}

async Task<int> ListAsync()
{
    var pushes = await WithPushesAsync();
    foreach (var push in pushes)
    {
        Console.WriteLine($"{push.SentAt:u}  {push.Kind,-5}  {(push.IsChallenge ? push.Provider : push.Body)}");
    }

    return 0;
}

async Task<IReadOnlyList<PushNotification>> WithPushesAsync()
{
    IReadOnlyList<PushNotification> pushes = [];
    await WithAppAsync(async app =>
    {
        pushes = await app.ReceivePushesAsync(cancel.Token);
        return new AppResponse(System.Net.HttpStatusCode.OK);
    });
    return pushes;
}

static int Report(AppResponse response)
{
    if (response.Succeeded)
    {
        Console.WriteLine("done");
        return 0;
    }

    return Fail($"{(int)response.Status} {response.Error}: {response.Detail}" + (response.AttemptsLeft is { } left ? $" ({left} attempts left)" : string.Empty));
}

static int Fail(string message)
{
    Console.Error.WriteLine("hawiya-app: " + message);
    return 1;
}
