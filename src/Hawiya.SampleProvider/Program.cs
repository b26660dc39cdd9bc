using Hawiya.SampleProvider.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddSampleProvider();

var app = builder.Build();
app.MapSampleProvider();
app.Run();

/// <summary>Entry point, visible to functional tests through WebApplicationFactory.</summary>
public partial class Program;
