using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using System.Xml.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using MlopsAnalyzers.Abstractions;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Documentation;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.EndToEnd;

/// <summary>
/// The promise for the ChurnModel sample: after adding MlopsAnalyzers.Abstractions (as the diagnostics say),
/// with the S3 store for the bucket, the MLOPS101/102/103 fixes turn it into an app that builds and runs against the
/// model registry. The fixes are
/// applied in-process, one at a time as a user would, to the sample's own sources; the fixed copy is then built and
/// run with the real dotnet CLI, with <c>MLOPS_REGISTRY_ROOT</c> pointing at a temporary folder.
/// </summary>
[Collection(DotNetCliCollection.Name)]
public class ChurnModelFixTests
{
    private static readonly string[] RuleIds = { RuleIdentifiers.HardCodedModelLocation, RuleIdentifiers.ModelArtifactMovedByHand, RuleIdentifiers.ModelSavedWithoutVersionMetadata };

    [Fact]
    public async Task TheFixedSampleBuildsAndRegistersItsModel()
    {
        var sample = Path.Combine(RuleInventory.RepositoryRoot, "samples", "ChurnModel");
        var sources = Directory.GetFiles(sample, "*.cs").OrderBy(f => f, StringComparer.Ordinal).ToList();
        var (fixedSources, applied) = await ApplyFixesAsync(sources);

        // Every diagnostic had a fix. The upload of the saved model became a registration in the same bucket with the
        // alias moved (save + upload = register + alias); once nothing else read the file, the save and the predictor's
        // load moved together into a registry in the file's folder.
        Assert.Contains(applied, t => t.StartsWith("Register 'churn-model' in a model registry in s3://acme-ml-models/churn and point 'production' at it", StringComparison.Ordinal));
        Assert.Contains(applied, t => t.StartsWith("Register the model as 'churn-model' in a model registry in '/srv/models/churn' and load 'latest' from it", StringComparison.Ordinal));
        Assert.DoesNotContain(fixedSources.Values, s => s.Contains("Model.Save(", StringComparison.Ordinal) || s.Contains("Model.Load(", StringComparison.Ordinal) || s.Contains(".Upload(", StringComparison.Ordinal));
        Assert.DoesNotContain(fixedSources.Values, s => s.Contains("new AmazonS3Client(", StringComparison.Ordinal) || s.Contains("new TransferUtility(", StringComparison.Ordinal));

        using var temp = new DotNetCli.TempDirectory();
        var app = Path.Combine(temp.Path, "ChurnModel");
        WriteFixedCopy(sample, app, fixedSources);

        var output = Path.Combine(temp.Path, "out");
        var build = DotNetCli.Run(app, TimeSpan.FromMinutes(4), "build", "ChurnModel.csproj", "-c", "Release", "-o", output, "-tl:off", "-nologo");
        Assert.True(build.ExitCode == 0, build.ToString());

        var registryRoot = Path.Combine(temp.Path, "registry");
        var run = DotNetCli.Run(
            temp.Path,
            TimeSpan.FromMinutes(2),
            new Dictionary<string, string> { [ModelRegistry.RootEnvironmentVariable] = registryRoot },
            Path.Combine(output, "ChurnModel.dll"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Churn probability", run.Output, StringComparison.Ordinal);

        // MLOPS_REGISTRY_ROOT puts both registries (the bucket's and the folder's) in one place: the saved version, then
        // the published one, which the alias and the predictor's "latest" point at.
        var registry = new FileModelRegistry(registryRoot);
        var versions = registry.ListVersions("churn-model");
        Assert.Equal(new[] { 1, 2 }, versions.Select(v => v.Version).ToArray());
        var version = versions[1];
        Assert.Equal(new[] { ModelAliases.Production }, version.Aliases);
        Assert.Contains(version.InputSchema, c => c.Name == "Tenure" && c.Type == "Single");
        Assert.False(Directory.Exists(Path.Combine(temp.Path, ".mlops")), "the app must use MLOPS_REGISTRY_ROOT, not the default folder");
    }

    /// <summary>Applies the first offered MLOPS101/102/103 fix until none is left, and returns the fixed sources and the fixes' titles.</summary>
    private static async Task<(Dictionary<string, string> Sources, List<string> Applied)> ApplyFixesAsync(IReadOnlyList<string> files)
    {
        using var workspace = new AdhocWorkspace();
        var references = TestReferences.Net80.Concat(TestReferences.MlNet).Concat(TestReferences.AwsS3).Append(TestReferences.Abstractions).Append(TestReferences.AmazonS3Store);
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "ChurnModel",
            "ChurnModel",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        var documents = new Dictionary<DocumentId, string>();
        foreach (var file in files)
        {
            var document = workspace.AddDocument(project.Id, Path.GetFileName(file), SourceText.From(File.ReadAllText(file)));
            documents[document.Id] = Path.GetFileName(file);
        }

        var analyzers = ImmutableArray.Create<DiagnosticAnalyzer>(new HardCodedModelLocationAnalyzer(), new ModelArtifactMovedByHandAnalyzer(), new ModelSavedWithoutVersionMetadataAnalyzer());
        var fixers = new CodeFixProvider[] { new HardCodedModelLocationCodeFix(), new ModelArtifactMovedByHandCodeFix(), new ModelSavedWithoutVersionMetadataCodeFix() };
        var solution = workspace.CurrentSolution;
        var applied = new List<string>();
        for (var iteration = 0; ; iteration++)
        {
            Assert.True(iteration < 20, "the fixes did not converge: " + string.Join(", ", applied));
            var current = solution.GetProject(project.Id)!;
            var compilation = (await current.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var diagnostics = (await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync())
                .Where(d => RuleIds.Contains(d.Id))
                .OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(d => d.Location.SourceSpan.Start)
                .ToList();
            if (diagnostics.Count == 0)
            {
                break;
            }

            CodeAction? action = null;
            foreach (var diagnostic in diagnostics)
            {
                var document = current.GetDocument(diagnostic.Location.SourceTree)!;
                var actions = new List<CodeAction>();
                foreach (var fixer in fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
                {
                    await fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (a, _) => actions.Add(a), CancellationToken.None));
                }

                action = actions.FirstOrDefault();
                if (action is not null)
                {
                    break;
                }
            }

            Assert.True(action is not null, "no fix offered for: " + string.Join("\n", diagnostics));
            var operations = await action!.GetOperationsAsync(CancellationToken.None);
            solution = operations.OfType<ApplyChangesOperation>().Single().ChangedSolution;
            applied.Add(action.Title);
        }

        var fixedSources = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, name) in documents)
        {
            fixedSources[name] = (await solution.GetDocument(id)!.GetTextAsync()).ToString();
        }

        return (fixedSources, applied);
    }

    /// <summary>The sample's project and data with the fixed sources, referencing the runtime library as a user would after adding its package.</summary>
    private static void WriteFixedCopy(string sample, string app, IReadOnlyDictionary<string, string> sources)
    {
        Directory.CreateDirectory(Path.Combine(app, "Data"));
        File.Copy(Path.Combine(sample, "Data", "customers.csv"), Path.Combine(app, "Data", "customers.csv"));
        foreach (var (name, text) in sources)
        {
            File.WriteAllText(Path.Combine(app, name), text);
        }

        // Package versions as in the repository; nothing from the repository's build props (no analyzers needed here).
        File.Copy(Path.Combine(RuleInventory.RepositoryRoot, "Directory.Packages.props"), Path.Combine(app, "Directory.Packages.props"));
        File.WriteAllText(Path.Combine(app, "Directory.Build.props"), "<Project>\n  <PropertyGroup>\n    <ManagePackageVersionsCentrally>true</ManagePackageVersionsCentrally>\n    <Nullable>enable</Nullable>\n    <LangVersion>latest</LangVersion>\n  </PropertyGroup>\n</Project>\n");

        var project = XDocument.Load(Path.Combine(sample, "ChurnModel.csproj"));
        project.Root!.Add(new XElement(
            "ItemGroup",
            new XElement("Reference", new XAttribute("Include", "MlopsAnalyzers.Abstractions"), new XElement("HintPath", typeof(ModelRegistry).Assembly.Location)),
            new XElement("Reference", new XAttribute("Include", "MlopsAnalyzers.Abstractions.AmazonS3"), new XElement("HintPath", typeof(MlopsAnalyzers.Abstractions.AmazonS3.S3ObjectStore).Assembly.Location))));
        project.Save(Path.Combine(app, "ChurnModel.csproj"));
    }
}
