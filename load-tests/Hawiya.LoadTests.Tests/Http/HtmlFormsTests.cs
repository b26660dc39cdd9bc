using System.Net;
using Hawiya.LoadTests.Http;

namespace Hawiya.LoadTests.Tests.Http;

/// <summary>Pages shaped like the server's LoginPages output (one line each, quoted attributes).</summary>
public sealed class HtmlFormsTests
{
    private const string RequestUri = "urn:ietf:params:oauth:request_uri:s-abc.def";

    private const string MethodsPage =
        "<!doctype html><html lang=\"fr\" dir=\"ltr\"><head><meta charset=\"utf-8\"><title>Hawiya</title></head><body><h1>Hawiya</h1>" +
        "<p>Pour <strong>Imp&#244;ts &amp; taxes</strong></p><h2>Choisissez</h2>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-0\"><input type=\"hidden\" name=\"request_uri\" value=\"" + RequestUri + "\"><input type=\"hidden\" name=\"step\" value=\"method\"><input type=\"hidden\" name=\"method\" value=\"Password\"><button>Mot de passe</button></form>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-0\"><input type=\"hidden\" name=\"request_uri\" value=\"" + RequestUri + "\"><input type=\"hidden\" name=\"step\" value=\"method\"><input type=\"hidden\" name=\"method\" value=\"Sms\"><button>SMS</button></form>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-0\"><input type=\"hidden\" name=\"request_uri\" value=\"" + RequestUri + "\"><input type=\"hidden\" name=\"step\" value=\"cancel\"><button class=\"link\">Annuler</button></form>" +
        "</body></html>";

    private const string ConsentPage =
        "<html><body><h2>Partage</h2><ul><li>Votre identit&#233;</li></ul>" +
        "<form method=\"post\" action=\"/connect/authorize\"><input type=\"hidden\" name=\"client_id\" value=\"lt-sp-1\"><input type=\"hidden\" name=\"request_uri\" value=\"" + RequestUri + "\"><input type=\"hidden\" name=\"step\" value=\"consent\">" +
        "<button name=\"decision\" value=\"accept\">Accepter</button><button class=\"secondary\" name=\"decision\" value=\"deny\">Refuser</button></form></body></html>";

    [Fact]
    public void Parse_MethodsPage_ReadsEveryFormWithItsHiddenFields()
    {
        var forms = HtmlForms.Parse(MethodsPage);

        Assert.Equal(["method", "method", "cancel"], forms.Select(f => f.Step));
        Assert.All(forms, f => Assert.Equal(("post", "/connect/authorize", "lt-sp-0", RequestUri), (f.Method, f.Action, f.Fields["client_id"], f.Fields["request_uri"])));
        Assert.Equal("Sms", forms[1].Fields["method"]);
    }

    [Fact]
    public void Find_ByStepAndField_PicksTheMethodAsked()
    {
        var forms = HtmlForms.Parse(MethodsPage);

        Assert.Equal("Sms", HtmlForms.Find(forms, "method", "method", "Sms")!.Fields["method"]);
        Assert.Null(HtmlForms.Find(forms, "method", "method", "Push"));
        Assert.Null(HtmlForms.Find(forms, "code"));
    }

    [Fact]
    public void Parse_ConsentPage_ReadsTheNamedButtons()
    {
        var consent = HtmlForms.Find(HtmlForms.Parse(ConsentPage), "consent", "decision", "accept");

        Assert.NotNull(consent);
        Assert.Equal([KeyValuePair.Create("decision", "accept"), KeyValuePair.Create("decision", "deny")], consent.Buttons);
    }

    [Fact]
    public void Parse_EncodedValues_AreDecoded()
    {
        var forms = HtmlForms.Parse("<form method=\"POST\" action=\"/connect/authorize\"><input name=\"step\" value=\"identify\"><input name=\"x\" value=\"a&amp;b&#39;c\"></form>");

        Assert.Equal(("post", "a&b'c"), (forms.Single().Method, forms.Single().Fields["x"]));
    }

    [Fact]
    public void ErrorMessage_PageWithError_IsDecodedAndFreeOfNumbers()
    {
        const string page = "<p class=\"error\" role=\"alert\">Code incorrect. Essais restants : 4</p><form></form>";

        Assert.Equal("Code incorrect. Essais restants : #", HtmlForms.ErrorMessage(page));
        Assert.Null(HtmlForms.ErrorMessage(MethodsPage));
    }

    [Fact]
    public void Describe_OAuthErrorBody_NamesStatusAndError()
    {
        var reply = new HttpReply(HttpStatusCode.BadRequest, null, "application/json", "{\"error\":\"invalid_grant\",\"error_description\":\"x\"}");

        Assert.Equal("http 400 invalid_grant", reply.Describe());
        Assert.Equal("http 502", new HttpReply(HttpStatusCode.BadGateway, null, "text/plain", "upstream").Describe());
    }

    [Fact]
    public void LocalPart_AbsoluteRedirect_KeepsPathAndQueryForTheSameSilo()
    {
        Assert.Equal("/connect/authorize?client_id=a&request_uri=b", BrowserSession.LocalPart("http://127.0.0.1:5080/connect/authorize?client_id=a&request_uri=b"));
        Assert.Equal("/connect/authorize?x=1", BrowserSession.LocalPart("/connect/authorize?x=1"));
    }

    [Fact]
    public void ClientSecretBasic_FormEncodesBeforeBase64()
    {
        var header = BrowserSession.ClientSecretBasic("lt-sp-0", "a b:c");

        // RFC 6749 §2.3.1: "a b:c" becomes "a+b%3Ac" before base64.
        Assert.Equal("lt-sp-0:a+b%3Ac", System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter!)));
    }
}
