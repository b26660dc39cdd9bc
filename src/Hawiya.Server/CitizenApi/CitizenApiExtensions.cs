namespace Hawiya.Server.CitizenApi;

public static class CitizenApiExtensions
{
    /// <summary>
    /// The citizen API's token validation: OpenIddict validation bound to this server
    /// (no network hop, same keys, same session checks as userinfo and introspection).
    /// </summary>
    public static IServiceCollection AddCitizenApi(this IServiceCollection services)
    {
        services.AddOptions<CitizenApiSettings>().BindConfiguration(CitizenApiSettings.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOpenIddict().AddValidation(validation =>
        {
            validation.UseLocalServer();
            validation.UseAspNetCore();
        });
        // SECURITY: RFC 9068 §4: only tokens whose aud names Hawiya's APIs.
        services.AddOptions<OpenIddict.Validation.OpenIddictValidationOptions>().Configure<Microsoft.Extensions.Options.IOptions<Oidc.OidcSettings>>(
            (o, oidc) => o.Audiences.Add(oidc.Value.AccessTokenAudience));
        return services;
    }

    public static IEndpointRouteBuilder MapCitizenApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/citizen/api").AddEndpointFilter<CitizenAuthorization>();
        CitizenReadEndpoints.Map(api);
        CitizenActionEndpoints.Map(api);
        CitizenDeviceEndpoints.Map(api);
        CitizenCredentialEndpoints.Map(api);
        return endpoints;
    }
}
