using System.Net;
using Hawiya.LoadTests.Checks;
using Hawiya.LoadTests.Http;
using Hawiya.LoadTests.Running;
using Hawiya.LoadTests.Scenarios;
using Hawiya.LoadTests.Seeding;

namespace Hawiya.LoadTests.Tests.Scenarios;

public sealed class ScenarioPartsTests
{
    [Fact]
    public void Pick_Weights_SplitTheUnitIntervalInProportion()
    {
        var choice = new WeightedChoice<string>([("a", 50), ("b", 30), ("none", 0), ("c", 20)]);

        Assert.Equal(["a", "a", "b", "b", "c", "c"], new[] { 0.0, 0.49, 0.5, 0.79, 0.8, 0.9999999 }.Select(choice.Pick));
    }

    [Fact]
    public void ParseMix_DefaultMix_HasTheFourAvailableScenarios()
    {
        Assert.Equal(
            [("peak-login", 50.0), ("password-login", 20.0), ("refresh", 20.0), ("client-credentials", 10.0)],
            MixedScenario.ParseMix(MixedScenario.DefaultMix));
        Assert.Throws<FormatException>(() => MixedScenario.ParseMix("peak-login=0"));
    }

    [Fact]
    public void Citizen_Index_DerivesEveryAttribute()
    {
        var population = new Population("lt", 20, 4, "secret");
        var citizen = population.Citizen(7);

        Assert.Equal(("LT0000007", "+212690000007", "lt0000007@load.hawiya.local", "Given0000007"), (citizen.NationalNumber, citizen.Phone, citizen.Email, citizen.GivenName));
        Assert.Equal(20, Enumerable.Range(0, 20).Select(i => population.Citizen(i).Phone).Distinct().Count());
        Assert.Equal(["given_name", "family_name", "birthdate", "gender", "birthplace", "birthcountry", "phone_number", "phone_number_verified"],
            citizen.ClaimsFor(["openid", "profile", "phone"]).Keys);
    }

    [Fact]
    public void Provider_Index_AlternatesSectors()
    {
        var population = new Population("LT", 20, 4, "secret");

        Assert.Equal(("lt-sp-3", "http://127.0.0.1:9/callback/lt-sp-3"), (population.Provider(3).ClientId, population.Provider(3).RedirectUri));
        Assert.Equal(population.Provider(0).Sector, population.Provider(2).Sector);
        Assert.NotEqual(population.Provider(0).Sector, population.Provider(1).Sector);
    }

    [Fact]
    public void Lease_AllCitizensBusy_SaturatesTheClient()
    {
        var pool = new CitizenPool(2, shuffleSeed: 1);
        var first = pool.Lease();
        var second = pool.Lease();

        Assert.NotEqual(first, second);
        Assert.Throws<ClientSaturatedException>(() => pool.Lease());
        pool.Return(first);
        Assert.Equal(first, pool.Lease());
    }

    [Fact]
    public void Read_TokenResponse_ChecksTypeAndLifetime()
    {
        var ok = TokenResponse.Read(Reply(HttpStatusCode.OK, "{\"access_token\":\"a\",\"token_type\":\"Bearer\",\"expires_in\":300,\"id_token\":\"i\"}"));

        Assert.Equal(("a", "i", (string?)null), (ok.AccessToken, ok.IdToken, ok.RefreshToken));
        Assert.Equal("wrong answer: token_type is not Bearer", Assert.Throws<LoadFailure>(() => TokenResponse.Read(Reply(HttpStatusCode.OK, "{\"access_token\":\"a\",\"token_type\":\"mac\",\"expires_in\":300}"))).Kind);
        Assert.Equal(("http 400 invalid_grant", false), Kind(Assert.Throws<LoadFailure>(() => TokenResponse.Read(Reply(HttpStatusCode.BadRequest, "{\"error\":\"invalid_grant\"}")))));
    }

    [Fact]
    public void Of_StepFailures_KeepTheirStepAndKind()
    {
        Assert.Equal(new FailureKind("token", "wrong answer: x", true), FailureKind.Of(new StepFailure("token", LoadFailure.Wrong("x")), null, false));
        Assert.Equal(new FailureKind("code", "timeout", false), FailureKind.Of(new StepFailure("code", new TaskCanceledException()), null, false));
        Assert.Equal(new FailureKind("code", "cancelled", false), FailureKind.Of(new StepFailure("code", new TaskCanceledException()), null, true));
        Assert.Equal(new FailureKind("par", "transport ConnectionError", false),
            FailureKind.Of(new HttpRequestException(HttpRequestError.ConnectionError, "refused"), "par", false));
        Assert.Equal(new FailureKind("-", "client error NullReferenceException", false), FailureKind.Of(new NullReferenceException(), null, false));
    }

    private static HttpReply Reply(HttpStatusCode status, string json) => new(status, null, "application/json", json);

    private static (string, bool) Kind(LoadFailure failure) => (failure.Kind, failure.WrongAnswer);
}
