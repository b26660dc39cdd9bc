using Hawiya.Server.CitizenApp;
using Hawiya.Server.Abuse;
using Hawiya.Server.CitizenApi;
using Hawiya.Server.Citizens;
using Hawiya.Server.Cards;
using Hawiya.Server.Development;
using Hawiya.Server.Health;
using Hawiya.Server.Hosting;
using Hawiya.Server.Oidc;
using Hawiya.Server.Oidc.Lanes;
using Hawiya.Server.Operators;
using Hawiya.Server.Revocation;
using Hawiya.Server.Traffic;
using Hawiya.Server.Unicity;

var builder = WebApplication.CreateBuilder(args);
builder.AddHawiyaSilo();
builder.AddHawiyaOidc();
builder.AddClusterOutbox();
builder.Services.AddHawiyaHealth();
builder.Services.AddOperatorApi();
builder.AddHawiyaRevocation();
builder.Services.AddCitizenApp();
builder.AddHawiyaAbuseControls();
builder.AddHawiyaUnicity();
builder.AddHawiyaTrafficControl();
builder.Services.AddCitizenApi();
builder.AddCitizenProtection();
builder.Services.AddHawiyaCardBridge();

var app = builder.Build();
try
{
    // Before the pipeline below reads any setting: every bad one is named together.
    SettingsCheck.Run(app.Services, app.Environment);
}
catch (InvalidSettingsException invalid)
{
    // One message naming every bad setting is the whole story: no stack trace.
    Console.Error.WriteLine(invalid.Message);
    return 1;
}

// Outermost: whatever fails below answers in the protocol's error shape, never a 500 page.
app.UseHawiyaFaultAnswers();
// Counted for a graceful stop; refused at once while PostgreSQL is unreachable.
app.UseHawiyaOutageGates();
// Shedding first: an overloaded silo refuses before spending anything else on a request.
app.UseHawiyaTrafficControl();
app.UseHawiyaOcsp();
app.UseHawiyaAbuseControls();
app.UseHawiyaClientCredentialsLane();
app.UseAuthentication();
app.MapHawiyaHealth();
app.MapHawiyaOidc();
app.MapOperatorApi();
app.MapHawiyaRevocation();
app.MapCitizenApp();
app.MapHawiyaUnicity();
app.MapCitizenApi();
app.MapCitizenProtection();
app.MapHawiyaCardBridge();
app.MapDevelopmentOutbox(app.Environment);
app.Run();
return 0;

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
