using Hawiya.Gateways.Email;
using Hawiya.Gateways.Tests.Fakes;
using Hawiya.Gateways.Tests.Support;
using MimeKit;

namespace Hawiya.Gateways.Tests.Email;

public sealed class SmtpEmailGatewayTests
{
    private const string Citizen = "amina.benali@example.ma";

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(500);

    internal static Dictionary<string, string?> Settings(LoopbackSmtpServer smtp, (string User, string Password)? credentials = null) =>
        Settings(smtp.Port, credentials);

    internal static Dictionary<string, string?> Settings(int port, (string User, string Password)? credentials = null)
    {
        var settings = GatewayTestHost.DefaultSettings();
        settings["Gateways:Email:Provider"] = "Smtp";
        settings["Gateways:Email:Smtp:Host"] = "127.0.0.1";
        settings["Gateways:Email:Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Gateways:Email:Smtp:Security"] = "None";
        settings["Gateways:Email:Smtp:FromAddress"] = "no-reply@hawiya.example";
        settings["Gateways:Email:Smtp:FromName"] = "Hawiya";
        settings["Gateways:Email:Smtp:UserName"] = credentials?.User;
        settings["Gateways:Email:Smtp:Password"] = credentials?.Password;
        return settings;
    }

    private static EmailMessage Otp(string to = Citizen) =>
        new(to, "Your Hawiya code", "Your Hawiya code is 493817", "<p>Your Hawiya code is <b>493817</b></p>", "session-e");

    [Fact]
    public async Task SendAsync_WithAuthPlain_RelayReceivesTheMessage()
    {
        await using var smtp = LoopbackSmtpServer.Start(("relay-user", "relay-secret"), "PLAIN");
        await using var host = GatewayTestHost.Create(Settings(smtp, ("relay-user", "relay-secret")));

        var result = await host.Email.SendAsync(Otp());

        Assert.Equal(SendStatus.Accepted, result.Status);
        var received = Assert.Single(smtp.Messages);
        Assert.Equal("relay-user", received.AuthenticatedUser);
        Assert.Equal("no-reply@hawiya.example", received.MailFrom);
        Assert.Equal([Citizen], received.Recipients);
        Assert.Equal("Your Hawiya code", received.Message.Subject);
        Assert.Equal(Citizen, received.Message.To.Mailboxes.Single().Address);
        Assert.Equal("Hawiya", received.Message.From.Mailboxes.Single().Name);
        Assert.Contains("493817", received.Message.TextBody, StringComparison.Ordinal);
        Assert.Contains("<b>493817</b>", received.Message.HtmlBody, StringComparison.Ordinal);
        Assert.Equal(result.ProviderMessageId, received.Message.MessageId);
    }

    [Fact]
    public async Task SendAsync_ServerOffersOnlyLogin_AuthenticatesWithLogin()
    {
        await using var smtp = LoopbackSmtpServer.Start(("relay-user", "relay-secret"), "LOGIN");
        await using var host = GatewayTestHost.Create(Settings(smtp, ("relay-user", "relay-secret")));

        var result = await host.Email.SendAsync(Otp());

        Assert.True(result.IsAccepted);
        Assert.Equal("relay-user", Assert.Single(smtp.Messages).AuthenticatedUser);
    }

    [Fact]
    public async Task SendAsync_WithoutCredentials_SendsUnauthenticated()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = GatewayTestHost.Create(Settings(smtp));

        var result = await host.Email.SendAsync(Otp());

        Assert.True(result.IsAccepted);
        Assert.Null(Assert.Single(smtp.Messages).AuthenticatedUser);
    }

    [Fact]
    public async Task SendAsync_WrongPassword_RejectedAsAuthenticationFailure()
    {
        await using var smtp = LoopbackSmtpServer.Start(("relay-user", "relay-secret"));
        await using var host = GatewayTestHost.Create(Settings(smtp, ("relay-user", "wrong")));

        var result = await host.Email.SendAsync(Otp());

        Assert.Equal(SendResult.Rejected("smtp:auth_failed"), result);
        Assert.Empty(smtp.Messages);
    }

    [Fact]
    public async Task SendAsync_UnknownRecipient_RejectedWith550WithoutRetry()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.UnknownRecipients[Citizen] = true;
        await using var host = GatewayTestHost.Create(Settings(smtp));

        var result = await host.Email.SendAsync(Otp());

        Assert.Equal(SendResult.Rejected("smtp:550"), result);
        Assert.Equal(1, smtp.Connections);
    }

    [Fact]
    public async Task SendAsync_TransientReply_RetriesAndDelivers()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        smtp.TransientFailures = 1;
        await using var host = GatewayTestHost.Create(Settings(smtp));

        var result = await host.Time.AdvanceUntilDone(host.Email.SendAsync(Otp()), Step);

        Assert.True(result.IsAccepted);
        Assert.Equal(2, smtp.Connections);
        Assert.Single(smtp.Messages);
    }

    [Fact]
    public async Task SendAsync_RelayDown_ReturnsRetryLaterAsUnreachable()
    {
        int port;
        await using (var probe = LoopbackSmtpServer.Start())
        {
            port = probe.Port;
        }

        await using var host = GatewayTestHost.Create(Settings(port));

        var result = await host.Time.AdvanceUntilDone(host.Email.SendAsync(Otp()), Step);

        Assert.Equal(SendResult.RetryLater(GatewayReasons.Unreachable), result);
    }

    [Theory]
    [InlineData("not-an-address")]
    [InlineData("a@example.ma, b@example.ma")]
    [InlineData("Eve <eve@example.ma>")]
    [InlineData("")]
    public async Task SendAsync_NotASingleAddress_RejectedWithoutConnecting(string to)
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = GatewayTestHost.Create(Settings(smtp));

        var result = await host.Email.SendAsync(Otp(to));

        Assert.Equal(SendResult.Rejected(GatewayReasons.InvalidRecipient), result);
        Assert.Equal(0, smtp.Connections);
    }

    [Fact]
    public async Task SendAsync_SubjectWithLineBreak_RejectedAsHeaderInjection()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = GatewayTestHost.Create(Settings(smtp));

        var result = await host.Email.SendAsync(Otp() with { Subject = "Code\r\nBcc: eve@example.ma" });

        Assert.Equal(SendResult.Rejected(GatewayReasons.InvalidMessage), result);
        Assert.Equal(0, smtp.Connections);
    }

    [Fact]
    public async Task SendAsync_TextOnly_SendsSinglePlainPart()
    {
        await using var smtp = LoopbackSmtpServer.Start();
        await using var host = GatewayTestHost.Create(Settings(smtp));

        await host.Email.SendAsync(Otp() with { HtmlBody = null });

        var body = Assert.IsType<TextPart>(Assert.Single(smtp.Messages).Message.Body);
        Assert.True(body.IsPlain);
    }
}
