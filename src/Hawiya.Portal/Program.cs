using Hawiya.Portal.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddCitizenPortal();

var app = builder.Build();
app.MapCitizenPortal();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
