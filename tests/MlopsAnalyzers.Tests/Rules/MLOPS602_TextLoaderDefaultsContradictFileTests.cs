using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS602_TextLoaderDefaultsContradictFileTests
{
    private const string Houses = """
        Size,Rooms,City,Price
        171.9,7,Lille,473400
        81.7,2,Lyon,250800
        """;

    private static string Method(string body) => $$"""
        using System.IO;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class House
        {
            [LoadColumn(0)] public float Size;
            [LoadColumn(1)] public float Rooms;
            [LoadColumn(2)] public string City = "";
            [LoadColumn(3)] public float Price;
        }

        public class Trainer
        {
            private const string DataFile = "Data/houses.csv";

            public object Run(MLContext ml, string folder, string anyPath, TextLoader.Options given)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    private static Task WithFiles(string source, params (string Path, string Content)[] files)
    {
        var test = new Verifiers.AnalyzerTest<TextLoaderDefaultsContradictFileAnalyzer> { TestCode = source };
        foreach (var file in files)
        {
            test.TestState.AdditionalFiles.Add(file);
        }

        return test.RunAsync();
    }

    // ---------------------------------------------------------------- flagged: a .csv read as tab-separated

    [Theory]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"houses.csv\")")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"HOUSES.CSV\", hasHeader: true)")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(DataFile, hasHeader: true, allowQuoting: true)")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(Path.Combine(folder, \"houses.csv\"), hasHeader: true)")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}($\"{folder}/houses.csv\", hasHeader: true)")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"houses.csv\", new TextLoader.Options { HasHeader = true })")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"houses.csv\", new TextLoader.Options())")]
    [InlineData("ml.Data.{|MLOPS602:LoadFromTextFile|}(\"houses.csv\", new[] { new TextLoader.Column(\"Size\", DataKind.Single, 0) }, hasHeader: true)")]
    [InlineData("TextLoaderSaverCatalog.{|MLOPS602:LoadFromTextFile<House>|}(ml.Data, \"houses.csv\")")]
    public Task CsvWithTheDefaultSeparator(string load)
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(Method($"return {load};"));

    [Fact]
    public Task PathAndOptionsThroughLocals()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(Method("""
            var path = Path.Combine(folder, "data", "houses.csv");
            var options = new TextLoader.Options { HasHeader = true, AllowQuoting = true };
            return ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(path, options);
            """));

    [Fact]
    public Task MessageNamesTheFileAndTheFix()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(
            Method("return ml.Data.LoadFromTextFile<House>(\"houses.csv\", hasHeader: true);"),
            new DiagnosticResult("MLOPS602", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithSpan(19, 24, 19, 47)
                .WithArguments("LoadFromTextFile", "houses.csv", "with the default tab separator, but the file is separated by ','", "separatorChar: ','"));

    // ---------------------------------------------------------------- flagged: what the project's data file says

    [Fact]
    public Task AHeaderParsedAsData()
        => WithFiles(
            Method("return ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(DataFile, separatorChar: ',');"),
            ("/src/Data/houses.csv", Houses));

    [Fact]
    public Task AHeaderExplicitlyOffAndACommaFileWithAnotherExtension()
        => WithFiles(
            Method("return ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"houses.txt\", hasHeader: false);"),
            ("/src/houses.txt", Houses));

    [Fact]
    public Task SemicolonSeparatedFile()
        => WithFiles(
            Method("return ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(\"houses.data\", hasHeader: true);"),
            ("/src/houses.data", "171.9;7;Lille;473400\n81.7;2;Lyon;250800\n"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", separatorChar: ',', hasHeader: true)")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", ',')")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", separatorChar: '\\t')")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.tsv\")")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.txt\")")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv.gz.tsv\")")]
    [InlineData("ml.Data.LoadFromTextFile<House>(anyPath)")]
    [InlineData("ml.Data.LoadFromTextFile<House>(Path.Combine(folder, anyPath))")]
    [InlineData("ml.Data.LoadFromTextFile<House>($\"{folder}/{anyPath}\")")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", new TextLoader.Options { Separators = new[] { ',' } })")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", new TextLoader.Options { Separators = new[] { ';', ',' } })")]
    [InlineData("ml.Data.LoadFromTextFile<House>(\"houses.csv\", given)")]
    [InlineData("ml.Data.CreateTextLoader<House>(hasHeader: true)")]
    public Task LoadsThatSayWhatTheFileIs(string load)
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(Method($"return {load};"));

    [Fact]
    public Task OptionsChangedAfterTheirCreation()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(Method("""
            var options = new TextLoader.Options { HasHeader = true };
            options.Separators = new[] { ',' };
            return ml.Data.LoadFromTextFile<House>("houses.csv", options);
            """));

    [Fact]
    public Task PathReassignedOnABranch()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync(Method("""
            var path = "houses.csv";
            if (folder.Length > 0) { path = anyPath; }
            return ml.Data.LoadFromTextFile<House>(path, hasHeader: true);
            """));

    [Fact]
    public Task ATabSeparatedFileNamedCsvThatTheProjectShows()
        => WithFiles(
            Method("return ml.Data.LoadFromTextFile<House>(\"houses.csv\", hasHeader: true);"),
            ("/src/houses.csv", "Size\tRooms\tCity\tPrice\n171.9\t7\tLille\t473400\n"));

    [Fact]
    public Task AFileWithoutHeaderOrWhoseHeaderIsRead()
        => WithFiles(
            Method("""
                var a = ml.Data.LoadFromTextFile<House>("plain.csv", separatorChar: ',');
                var b = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',', hasHeader: true);
                var c = ml.Data.LoadFromTextFile<Named>("houses.csv", separatorChar: ',');
                return (a, b, c);
                """) + "\npublic class Named { [LoadColumn(0)] public string Size = \"\"; [LoadColumn(2)] public string City = \"\"; }",
            ("/src/plain.csv", "171.9,7,Lille,473400\n81.7,2,Lyon,250800\n"),
            ("/src/houses.csv", Houses));

    [Fact]
    public Task TwoFilesMatchThePath()
        => WithFiles(
            Method("return ml.Data.LoadFromTextFile<House>(\"houses.data\", hasHeader: true);"),
            ("/src/a/houses.data", "1;2;x;3\n4;5;y;6\n"),
            ("/src/b/houses.data", "1;2;x;3\n4;5;y;6\n"));

    [Fact]
    public Task AnotherTypesLoadFromTextFile()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public static class MyLoaders { public static IDataView LoadFromTextFile<T>(this DataOperationsCatalog catalog, string path, bool header) => null!; }
            public class Job { public object Run(MLContext ml) => ml.Data.LoadFromTextFile<int>("houses.csv", header: true); }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.WithoutMlNetAsync("""
            public class Data { public object LoadFromTextFile<T>(string path) => path; }
            public class Job { public object Run(Data data) => data.LoadFromTextFile<int>("houses.csv"); }
            """);

    [Theory]
    [InlineData("return ml.Data.LoadFromTextFile<House>(\"houses.csv\", separatorChar: );")]
    [InlineData("return ml.Data.LoadFromTextFile<House>(;")]
    [InlineData("return ml.Data.LoadFromTextFile<House>(\"houses.csv\", new TextLoader.Options { Separators = });")]
    [InlineData("return ml.Data.LoadFromTextFile<House>(Path.Combine(), hasHeader: true);")]
    [InlineData("return ml.Data.{|MLOPS602:LoadFromTextFile<Undefined>|}(\"houses.csv\");")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.IncompleteCodeAsync(Method(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixSetsTheSeparator_FixAll()
        => Verify<TextLoaderDefaultsContradictFileAnalyzer>.CodeFixAsync<TextLoaderDefaultsContradictFileCodeFix>(Method("""
            var a = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}("houses.csv", hasHeader: true);
            var b = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(
                DataFile,
                hasHeader: true /* header */);
            var c = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}("houses.csv", new TextLoader.Options { HasHeader = true });
            var options = new TextLoader.Options
            {
                HasHeader = true,
            };
            var d = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}("houses.csv", options);
            var e = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}("houses.csv", new TextLoader.Options());
            return (a, b, c, d, e);
            """), Method("""
            var a = ml.Data.LoadFromTextFile<House>("houses.csv", hasHeader: true, separatorChar: ',');
            var b = ml.Data.LoadFromTextFile<House>(
                DataFile,
                hasHeader: true,
                separatorChar: ',' /* header */);
            var c = ml.Data.LoadFromTextFile<House>("houses.csv", new TextLoader.Options { HasHeader = true, Separators = new[] { ',' } });
            var options = new TextLoader.Options
            {
                HasHeader = true,
                Separators = new[] { ',' },
            };
            var d = ml.Data.LoadFromTextFile<House>("houses.csv", options);
            var e = ml.Data.LoadFromTextFile<House>("houses.csv", new TextLoader.Options() { Separators = new[] { ',' } });
            return (a, b, c, d, e);
            """));

    [Fact]
    public Task FixSetsTheHeaderTheFileShows()
    {
        var test = new CodeFixTest<TextLoaderDefaultsContradictFileAnalyzer, TextLoaderDefaultsContradictFileCodeFix>
        {
            TestCode = Method("""
                var a = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(DataFile);
                var b = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(DataFile, ',', hasHeader: false);
                var c = ml.Data.{|MLOPS602:LoadFromTextFile<House>|}(DataFile, new TextLoader.Options { Separators = new[] { ',' }, HasHeader = false });
                return (a, b, c);
                """),
            FixedCode = Method("""
                var a = ml.Data.LoadFromTextFile<House>(DataFile, separatorChar: ',', hasHeader: true);
                var b = ml.Data.LoadFromTextFile<House>(DataFile, ',', hasHeader: true);
                var c = ml.Data.LoadFromTextFile<House>(DataFile, new TextLoader.Options { Separators = new[] { ',' }, HasHeader = true });
                return (a, b, c);
                """),
        };
        test.TestState.AdditionalFiles.Add(("/src/Data/houses.csv", Houses));
        test.FixedState.AdditionalFiles.Add(("/src/Data/houses.csv", Houses));
        return test.RunAsync();
    }

    [Fact]
    public Task NoFixForNullOptions()
    {
        var source = Method("return ml.Data.{|MLOPS602:LoadFromTextFile|}(\"houses.csv\", options: null);");
        return Verify<TextLoaderDefaultsContradictFileAnalyzer>.CodeFixAsync<TextLoaderDefaultsContradictFileCodeFix>(source, source);
    }
}
