using System.Collections.Concurrent;
using System.Net;
using Hawiya.CitizenApp;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Metrics;
using App = Hawiya.CitizenApp.CitizenApp;

namespace Hawiya.LoadTests.Scenarios;

/// <summary>
/// Citizens logging in to a provider by approving on their phone (push with number matching).
/// Before the run, unmeasured, <see cref="LoginSettings.PushDevices"/> citizens each enroll one
/// simulated phone through the real app API: the app logs in as <c>citizen-app</c> at eidas2
/// (password, then an SMS code read from the development outbox) and enrolls a new device key;
/// devices an earlier run left under the same label are removed first (a citizen may have five).
/// Each arrival then takes an idle citizen with a phone: PAR, authorize, identify, Push, the
/// phone reads the push and approves with the number the page shows, the page continues,
/// consent when asked, token, userinfo. The ID token must say eidas2 and amr swk user.
/// </summary>
public sealed class PushLoginScenario(ScenarioServices services, Action<string> log) : IScenario
{
    /// <summary>The label of the load test's phones; a new run replaces those of the last.</summary>
    public const string DeviceLabel = "Load test phone";

    private readonly LoginFlow _flow = new(services);
    private readonly ConcurrentQueue<PushDevice> _idle = new();

    // One pool of connections for every simulated phone: they talk to the same silos.
    private readonly SocketsHttpHandler _phones = new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        ConnectTimeout = TimeSpan.FromSeconds(10),
    };

    public string Name => "push-login";

    /// <summary>Phones ready for arrivals.</summary>
    public int Devices => _idle.Count;

    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        var count = Math.Min(services.Settings.PushDevices, services.Population.Citizens);
        var started = services.Time.GetTimestamp();
        log($"preparing {count} phones (one app login at eidas2 and one enrollment each, not measured)");
        var ready = new ConcurrentBag<PushDevice>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, count), options, async (i, ct) =>
            ready.Add(await EnrollAsync(i, services.Targets[i % services.Targets.Count], ct)));
        var order = ready.ToArray();
        Random.Shared.Shuffle(order);
        foreach (var device in order)
        {
            _idle.Enqueue(device);
        }

        log($"{count} phones enrolled in {services.Time.GetElapsedTime(started).TotalSeconds:0.0} s");
    }

    public async Task ExecuteAsync(Operation operation, CancellationToken cancellationToken)
    {
        if (!_idle.TryDequeue(out var device))
        {
            throw new ClientSaturatedException("no idle citizen with a phone (raise --push-devices)");
        }

        try
        {
            // The login's browser goes to the phone's silo: that silo's outbox receives the push.
            await _flow.RunAsync(
                operation, new BrowserSession(services.Http, device.Target), services.Population.Citizen(device.Citizen), services.NextProvider(),
                LoginMethod.Push, services.Settings.Scopes, cancellationToken, device: device);
        }
        finally
        {
            _idle.Enqueue(device);
        }
    }

    /// <summary>Signs the app of citizen <paramref name="index"/> in at eidas2 and enrolls a new phone; throws with the reason otherwise.</summary>
    private async Task<PushDevice> EnrollAsync(int index, Uri target, CancellationToken ct)
    {
        var citizen = services.Population.Citizen(index);
        var app = new App(target, DeviceKey.Create(), App.NewPushToken(), _phones, services.Time);
        try
        {
            using var pages = new LoginPageDriver(target);
            var outbox = new BrowserSession(services.Http, target);
            var askedAt = services.Time.GetUtcNow();
            AppResponse signedIn;
            try
            {
                signedIn = await app.SignInAsync(
                    url => pages.PasswordAndSmsAsync(url, citizen.NationalNumber, services.Settings.Password, () => LoginFlow.ReadCodeAsync(outbox, citizen.Phone, askedAt, ct), ct),
                    "eidas2", ct);
            }
            catch (InvalidOperationException e)
            {
                // The page's own words, digits masked: never the citizen's number or a code.
                throw Failed(index, $"the app login stopped ({HtmlForms.ErrorMessage(pages.LastPage) ?? e.Message}); are the citizens seeded and the citizen-app client registered (infra/seed/demo.json)?");
            }

            Require(signedIn, index, "the app login at eidas2");
            foreach (var stale in (await app.DevicesAsync(ct)).Where(d => d.Label == DeviceLabel))
            {
                Require(await app.RemoveDeviceAsync(stale.DeviceId, ct), index, "removing the phone of an earlier run");
            }

            Require(await app.EnrollAsync(DeviceLabel, ct), index, "the enrollment");
            return new PushDevice(index, target, app);
        }
        catch
        {
            app.Dispose();
            throw;
        }
    }

    private static void Require(AppResponse response, int index, string what)
    {
        if (!response.Succeeded)
        {
            throw Failed(index, $"{what} failed: {(int)response.Status} {response.Error}");
        }
    }

    private static InvalidOperationException Failed(int index, string reason) =>
        new($"push-login: preparing the phone of citizen #{index} failed: {reason}");
}
