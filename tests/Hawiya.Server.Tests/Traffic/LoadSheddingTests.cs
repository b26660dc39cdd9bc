using System.Text.Json;
using Hawiya.Server.Traffic;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Hawiya.Server.Tests.Traffic;

/// <summary>The middleware with requests held in flight, so the silo's saturation is exact rather than timed.</summary>
public sealed class LoadSheddingTests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TrafficStats _stats = new(new FakeTimeProvider());
    private readonly TrafficControlMiddleware _middleware;

    public LoadSheddingTests()
    {
        var settings = Options.Create(new TrafficSettings { MaxConcurrentRequests = 4, PriorityReserve = 2, ShedRetryAfterSeconds = 2 });
        _middleware = new TrafficControlMiddleware(_ => _release.Task, new LoadShedder(settings), _stats, settings);
    }

    [Fact]
    public async Task Invoke_SiloSaturatedWithNewWork_ShedsNewLoginsWith503AndRetryAfter()
    {
        var held = new[] { NewLogin(), NewLogin() }.Select(c => _middleware.InvokeAsync(c)).ToArray();

        var refused = NewLogin();
        await _middleware.InvokeAsync(refused);

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, refused.Response.StatusCode);
        Assert.Equal("2", refused.Response.Headers.RetryAfter.ToString());
        Assert.Equal(1, _stats.Shed);
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Invoke_SiloSaturatedWithNewWork_StillAdmitsLoginsPastIdentificationAndCodeRedemptions()
    {
        var held = new List<Task> { _middleware.InvokeAsync(NewLogin()), _middleware.InvokeAsync(NewLogin()) };

        var step = LoginStep("password");
        var redemption = CodeRedemption();
        held.Add(_middleware.InvokeAsync(step));
        held.Add(_middleware.InvokeAsync(redemption));
        var beyond = LoginStep("consent");
        await _middleware.InvokeAsync(beyond);

        Assert.False(held[2].IsCompleted, "the login step was admitted and is being served");
        Assert.False(held[3].IsCompleted, "the code redemption was admitted and is being served");
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, beyond.Response.StatusCode);
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Invoke_SiloSaturatedWithNewWork_StillAdmitsThePagesOwnStepsPastIdentification()
    {
        var held = new List<Task> { _middleware.InvokeAsync(NewLogin()), _middleware.InvokeAsync(NewLogin()) };

        var method = LoginStep("method", "/connect/login");
        held.Add(_middleware.InvokeAsync(method));
        var identify = LoginStep("identify", "/connect/login");
        await _middleware.InvokeAsync(identify);

        Assert.False(held[2].IsCompleted, "the page step past identification was admitted and is being served");
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, identify.Response.StatusCode);
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Invoke_TokenEndpointShed_AnswersTheOAuthErrorShape()
    {
        var held = new[] { NewLogin(), NewLogin() }.Select(c => _middleware.InvokeAsync(c)).ToArray();
        var token = Form("/connect/token", ("grant_type", "client_credentials"));
        token.Response.Body = new MemoryStream();

        await _middleware.InvokeAsync(token);

        token.Response.Body.Position = 0;
        var body = await JsonDocument.ParseAsync(token.Response.Body);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, token.Response.StatusCode);
        Assert.Equal("temporarily_unavailable", body.RootElement.GetProperty("error").GetString());
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Invoke_HealthAndOperators_AreNeverShed()
    {
        var held = Enumerable.Range(0, 4).Select(_ => LoginStep("password")).Select(c => _middleware.InvokeAsync(c)).ToArray();
        var health = new DefaultHttpContext();
        health.Request.Path = "/health/ready";
        var passed = false;
        var middleware = new TrafficControlMiddleware(_ => { passed = true; return Task.CompletedTask; }, new LoadShedder(Options.Create(new TrafficSettings { MaxConcurrentRequests = 1, PriorityReserve = 0 })), _stats, Options.Create(new TrafficSettings()));

        await middleware.InvokeAsync(health);

        Assert.True(passed);
        Assert.Equal(StatusCodes.Status200OK, health.Response.StatusCode);
        _release.SetResult();
        await Task.WhenAll(held);
    }

    [Fact]
    public async Task Invoke_MalformedForm_IsLeftToTheEndpointToRefuse()
    {
        var tooManyFields = Form("/connect/token", [.. Enumerable.Range(0, 1100).Select(i => ("field" + i, "1"))]);
        var passed = false;
        var settings = Options.Create(new TrafficSettings());
        var middleware = new TrafficControlMiddleware(_ => { passed = true; return Task.CompletedTask; }, new LoadShedder(settings), _stats, settings);

        await middleware.InvokeAsync(tooManyFields);

        Assert.True(passed);
    }

    private static DefaultHttpContext NewLogin()
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Get;
        context.Request.Path = "/connect/authorize";
        context.Request.QueryString = new QueryString("?response_type=code&scope=openid");
        return context;
    }

    private static DefaultHttpContext LoginStep(string step, string path = "/connect/authorize")
    {
        const string session = "s-ABCDEFGHIJKLMNOPQRSTUV";
        var context = Form(path, ("request_uri", "urn:ietf:params:oauth:request_uri:" + session + ".x"), ("step", step));
        context.Request.Headers.Cookie = Hawiya.Server.Oidc.Endpoints.LoginIds.FlowCookieName(session) + "=protected";
        return context;
    }

    private static DefaultHttpContext CodeRedemption() =>
        Form("/connect/token", ("grant_type", "authorization_code"), ("code", "abc"));

    private static DefaultHttpContext Form(string path, params (string Name, string Value)[] fields)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = HttpMethods.Post;
        context.Request.Path = path;
        context.Request.ContentType = "application/x-www-form-urlencoded";
        context.Request.Body = new MemoryStream(new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))).ReadAsByteArrayAsync().Result);
        return context;
    }
}
