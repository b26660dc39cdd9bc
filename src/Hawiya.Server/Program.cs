using Hawiya.Server.Health;
using Hawiya.Server.Hosting;
using Hawiya.Server.Operators;

var builder = WebApplication.CreateBuilder(args);
builder.AddHawiyaSilo();
builder.Services.AddHawiyaHealth();
builder.Services.AddOperatorApi();

var app = builder.Build();
app.MapHawiyaHealth();
app.MapOperatorApi();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
