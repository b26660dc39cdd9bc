using System.Text.RegularExpressions;

namespace Hawiya.Server.Tests.Architecture;

/// <summary>
/// The folders of Hawiya.Server depend on each other in one direction only: no folder names a
/// folder that names it back (docs/architecture.md, "Folders"). What joins the login from
/// another folder plugs in through an interface of the login's own (ILoginContributor).
/// </summary>
public sealed partial class FolderDependencyTests
{
    private static readonly string ServerSource = Path.Combine(RepositoryRoot(), "src", "Hawiya.Server");

    [Fact]
    public void NoFolderOfTheServer_NamesAFolderThatNamesItBack()
    {
        var uses = FolderReferences();

        var loops = uses
            .SelectMany(from => from.Value.Select(to => (From: from.Key, To: to.Key, Files: to.Value)))
            .Where(edge => string.CompareOrdinal(edge.From, edge.To) < 0
                && uses.TryGetValue(edge.To, out var back) && back.ContainsKey(edge.From))
            .Select(edge => $"{edge.From} <-> {edge.To}: {string.Join(", ", edge.Files)} / {string.Join(", ", uses[edge.To][edge.From])}")
            .ToArray();

        Assert.True(loops.Length == 0, "Folders that name each other:\n" + string.Join('\n', loops));
    }

    [Fact]
    public void TheScan_SeesTheReferencesItLooksFor()
    {
        // The login flow uses the abuse controls (code budgets): the scan must see that edge,
        // or a loop would pass unseen.
        var uses = FolderReferences();

        Assert.Contains("Abuse", uses["Oidc"].Keys);
        Assert.Contains("Pages", uses["Abuse"].Keys);
        Assert.DoesNotContain("Oidc", uses["Pages"].Keys);
    }

    /// <summary>Folder → folder it names → the files that name it.</summary>
    private static Dictionary<string, Dictionary<string, List<string>>> FolderReferences()
    {
        var folders = Directory.GetDirectories(ServerSource)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => name is not ("bin" or "obj" or "Properties" or "wwwroot"))
            .ToArray();
        var uses = folders.ToDictionary(f => f, _ => new Dictionary<string, List<string>>(), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(ServerSource, folder), "*.cs", SearchOption.AllDirectories))
            {
                var code = Code(File.ReadAllText(file));
                foreach (var other in folders.Where(o => o != folder))
                {
                    // "using Hawiya.Server.X", "Hawiya.Server.X.Type", or "X.Type" from inside Hawiya.Server.
                    if (Regex.IsMatch(code, $@"\bHawiya\.Server\.{other}\b") || Regex.IsMatch(code, $@"(?<![\w.]){other}\.[A-Z]\w*"))
                    {
                        var files = uses[folder].TryGetValue(other, out var list) ? list : uses[folder][other] = [];
                        files.Add(Path.GetRelativePath(ServerSource, file));
                    }
                }
            }
        }

        return uses;
    }

    /// <summary>The source without comments and string literals, where folder names are only words.</summary>
    private static string Code(string source) => Literal().Replace(LineComment().Replace(source, string.Empty), "\"\"");

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Cluster.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Cluster.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"//[^\n]*")]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@?""(?:\\.|[^""\\])*""")]
    private static partial Regex Literal();
}
