extern alias portal;

using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using CitizenProfile = portal::Hawiya.Portal.Api.CitizenProfile;
using DeviceInfo = portal::Hawiya.Portal.Api.DeviceInfo;
using EnrollmentTexts = portal::Hawiya.Portal.Pages.EnrollmentTexts;
using Html = portal::Hawiya.Portal.Pages.Html;
using LoginInfo = portal::Hawiya.Portal.Api.LoginInfo;
using MethodInfo = portal::Hawiya.Portal.Api.MethodInfo;
using PortalPages = portal::Hawiya.Portal.Pages.PortalPages;
using Texts = portal::Hawiya.Portal.Pages.Texts;

namespace Hawiya.Portal.Tests.Pages;

/// <summary>The Methods page as rendered from what the citizen API answered.</summary>
public sealed class MethodsPageTests
{
    private static readonly DateTimeOffset Enrolled = new(2026, 11, 2, 9, 30, 0, TimeSpan.Zero);

    public static TheoryData<string> Languages => new(Texts.All.Select(t => t.Code));

    [Fact]
    public void Methods_WithDevices_ListsEachWithItsLabelDateAndARemoveFormCarryingTheAntiforgeryToken()
    {
        var devices = new[] { new DeviceInfo("dev-A_1", "Salma's <phone>", Enrolled), new DeviceInfo("dev-B_2", "tablet", Enrolled.AddDays(3)) };

        var html = PortalPages.Methods(Context(), Texts.English, Profile(), devices, notice: null);

        Assert.Contains("<li data-device=\"dev-A_1\">", html, StringComparison.Ordinal);
        Assert.Contains("<li data-device=\"dev-B_2\">", html, StringComparison.Ordinal);
        Assert.Contains($"<strong>{Html.E("Salma's <phone>")}</strong>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<phone>", html, StringComparison.Ordinal);
        Assert.Contains("enrolled on 02/11/2026 09:30 UTC", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/devices/dev-A_1/remove\"", html, StringComparison.Ordinal);
        Assert.Contains("<form method=\"post\" action=\"/devices/dev-B_2/remove\"", html, StringComparison.Ordinal);
        Assert.Equal(2, CountOf(html, ">Remove this device</button>"));
        Assert.Equal(CountOf(html, "<form "), CountOf(html, "name=\"__RequestVerificationToken\""));
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("id=\"no-devices\"", html, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Languages))]
    public void Methods_NoDevice_SaysSoAndThatEnrollmentIsInTheApp(string code)
    {
        Assert.True(Texts.TryGet(code, out var t));

        var html = PortalPages.Methods(Context(), t, Profile(), [], notice: null);

        Assert.Contains($"<p id=\"no-devices\">{t.NoDevices}</p>", html, StringComparison.Ordinal);
        var devicesInApp = EnrollmentTexts.For(t).DevicesInApp;
        Assert.Contains($"<p class=\"meta\" id=\"devices-in-app\">{Html.E(devicesInApp)}</p>", html, StringComparison.Ordinal);
        Assert.Contains(code == "ar" ? "تطبيق هوية" : "Hawiya", devicesInApp, StringComparison.Ordinal);
        Assert.DoesNotContain("/remove\"", html, StringComparison.Ordinal);
    }

    private static CitizenProfile Profile() => new(
        "Active", null, [new MethodInfo("Password", true, Enrolled), new MethodInfo("Push", true, Enrolled)],
        "+212600000001", "salma@example.ma", [], new LoginInfo("eidas1", Enrolled));

    private static DefaultHttpContext Context()
    {
        var services = new ServiceCollection().AddLogging().AddAntiforgery().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services };
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, string.Empty, StringComparison.Ordinal).Length) / part.Length;
}
