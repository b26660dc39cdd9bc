using Hawiya.Server.CitizenApi;
using Hawiya.Server.Citizens;
using Hawiya.Server.Development;
using Hawiya.Server.Health;
using Hawiya.Server.Hosting;
using Hawiya.Server.Oidc;
using Hawiya.Server.Operators;
using Hawiya.Server.Revocation;

var builder = WebApplication.CreateBuilder(args);
builder.AddHawiyaSilo();
builder.AddHawiyaOidc();
builder.Services.AddHawiyaHealth();
builder.Services.AddOperatorApi();
builder.AddHawiyaRevocation();
builder.Services.AddCitizenApi();
builder.AddCitizenProtection();

var app = builder.Build();
app.UseAuthentication();
app.MapHawiyaHealth();
app.MapHawiyaOidc();
app.MapOperatorApi();
app.MapHawiyaRevocation();
app.MapCitizenApi();
app.MapCitizenProtection();
app.MapDevelopmentOutbox(app.Environment);
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
