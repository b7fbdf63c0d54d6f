using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS603_MissingRealsReadAsZeroTests
{
    private static string Method(string body) => $$"""
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class House
        {
            [LoadColumn(0)] public float Size;
            [LoadColumn(1)] public string City = "";
        }

        public class Labels
        {
            [LoadColumn(0)] public string City = "";
            [LoadColumn(1)] public bool Sold;
        }

        public class Trainer
        {
            public object Run(MLContext ml, string path, TextLoader.Options given, Microsoft.ML.Data.IMultiStreamSource sample)
            {
                {{body.Replace("\n", "\n        ")}}
            }
        }
        """;

    private const string Replace = "var pipeline = ml.Transforms.ReplaceMissingValues(\"Size\");";

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, separatorChar: ',', hasHeader: true)", Replace)]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path)", "var pipeline = ml.Transforms.IndicateMissingValues(\"SizeMissing\", \"Size\");")]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path)", "var filtered = ml.Data.FilterRowsByMissingValues(ml.Data.LoadFromEnumerable(new House[0]), \"Size\");")]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, new TextLoader.Options { HasHeader = true })", Replace)]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, new TextLoader.Options { MissingRealsAsNaNs = false })", Replace)]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile|}(path, new[] { new TextLoader.Column(\"Size\", DataKind.Single, 0) }, ',')", Replace)]
    [InlineData("ml.Data.{|MLOPS603:LoadFromTextFile|}(path, new TextLoader.Options { Columns = new[] { new TextLoader.Column(\"Size\", DataKind.Double, 0) } })", Replace)]
    [InlineData("ml.Data.{|MLOPS603:CreateTextLoader<House>|}(',', hasHeader: true)", Replace)]
    public Task LoadsThatReadMissingRealsAsZero(string load, string missingValueStep)
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync(Method($"var data = {load};\n{missingValueStep}\nreturn data;"));

    [Fact]
    public Task OptionsInALocal()
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync(Method("""
            var options = new TextLoader.Options { Separators = new[] { ',' }, HasHeader = true };
            var data = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, options);
            return ml.Transforms.ReplaceMissingValues("Size").Append(ml.Transforms.Concatenate("Features", "Size")).Fit(data);
            """));

    [Fact]
    public Task MessageNamesTheStep()
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync(
            Method("var data = ml.Data.LoadFromTextFile<House>(path);\n" + Replace + "\nreturn data;"),
            new DiagnosticResult("MLOPS603", Microsoft.CodeAnalysis.DiagnosticSeverity.Warning)
                .WithSpan(20, 28, 20, 51)
                .WithArguments("LoadFromTextFile", "ReplaceMissingValues"));

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { MissingRealsAsNaNs = true })", Replace)]
    [InlineData("ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { HasHeader = true, MissingRealsAsNaNs = true, Separators = new[] { ',' } })", Replace)]
    [InlineData("ml.Data.LoadFromTextFile<House>(path, given)", Replace)]
    [InlineData("ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { MissingRealsAsNaNs = path.Length > 0 })", Replace)]
    [InlineData("ml.Data.LoadFromTextFile<House>(path)", "var pipeline = ml.Transforms.NormalizeMinMax(\"Size\");")]
    [InlineData("ml.Data.LoadFromTextFile<Labels>(path)", "var pipeline = ml.Transforms.ReplaceMissingValues(\"City\");")]
    [InlineData("ml.Data.LoadFromTextFile(path, new[] { new TextLoader.Column(\"City\", DataKind.String, 0) })", Replace)]
    [InlineData("ml.Data.LoadFromEnumerable(new House[0])", Replace)]
    public Task LoadsThatKeepMissingRealsOrDoNotHandleThem(string load, string step)
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync(Method($"var data = {load};\n{step}\nreturn data;"));

    [Fact]
    public Task TheMissingValueStepInAnotherMethod()
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync(Method("""
            return ml.Data.LoadFromTextFile<House>(path);
            }

            public object Pipeline(MLContext ml) => ml.Transforms.ReplaceMissingValues("Size");

            private void Unused()
            {
            """));

    [Fact]
    public Task AGenericSchema()
        => Verify<MissingRealsReadAsZeroAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Loader<T> where T : class
            {
                public object Run(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<T>(path);
                    return ml.Transforms.ReplaceMissingValues("Size").Fit(data);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<MissingRealsReadAsZeroAnalyzer>.WithoutMlNetAsync("""
            public class Data { public object LoadFromTextFile<T>(string path) => path; public object ReplaceMissingValues(string c) => c; }
            public class Job { public object Run(Data data) { data.ReplaceMissingValues("x"); return data.LoadFromTextFile<float>("houses.csv"); } }
            """);

    [Theory]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>(path, separatorChar: );\n" + Replace + "\nreturn data;")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { MissingRealsAsNaNs = });\n" + Replace + "\nreturn data;")]
    [InlineData("var data = ml.Data.LoadFromTextFile<House>(;\nml.Transforms.ReplaceMissingValues(\nreturn data;")]
    [InlineData("var data = ml.Data.LoadFromTextFile<Undefined>(path);\n" + Replace + "\nreturn data;")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<MissingRealsReadAsZeroAnalyzer>.IncompleteCodeAsync(Method(body));

    // ---------------------------------------------------------------- fix

    [Fact]
    public Task FixSetsTheOption_FixAll()
        => Verify<MissingRealsReadAsZeroAnalyzer>.CodeFixAsync<MissingRealsReadAsZeroCodeFix>(Method("""
            var a = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, separatorChar: ',', hasHeader: true);
            var b = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path);
            var c = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, new TextLoader.Options { HasHeader = true, MissingRealsAsNaNs = false });
            var options = new TextLoader.Options
            {
                Separators = new[] { ',' },
                HasHeader = true
            };
            var d = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, options);
            var e = ml.Data.{|MLOPS603:LoadFromTextFile|}(path, new[] { new TextLoader.Column("Size", DataKind.Single, 0) }, ';', allowQuoting: true);
            var f = ml.Data.{|MLOPS603:CreateTextLoader<House>|}(',', hasHeader: true, dataSample: sample);
            var pipeline = ml.Transforms.ReplaceMissingValues("Size");
            return (a, b, c, d, e, f, pipeline);
            """), Method("""
            var a = ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { Separators = new[] { ',' }, HasHeader = true, MissingRealsAsNaNs = true });
            var b = ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { MissingRealsAsNaNs = true });
            var c = ml.Data.LoadFromTextFile<House>(path, new TextLoader.Options { HasHeader = true, MissingRealsAsNaNs = true });
            var options = new TextLoader.Options
            {
                Separators = new[] { ',' },
                HasHeader = true,
                MissingRealsAsNaNs = true
            };
            var d = ml.Data.LoadFromTextFile<House>(path, options);
            var e = ml.Data.LoadFromTextFile(path, new TextLoader.Options { Columns = new[] { new TextLoader.Column("Size", DataKind.Single, 0) }, Separators = new[] { ';' }, AllowQuoting = true, MissingRealsAsNaNs = true });
            var f = ml.Data.CreateTextLoader<House>(new TextLoader.Options { Separators = new[] { ',' }, HasHeader = true, MissingRealsAsNaNs = true }, dataSample: sample);
            var pipeline = ml.Transforms.ReplaceMissingValues("Size");
            return (a, b, c, d, e, f, pipeline);
            """));

    [Fact]
    public Task FixNamesTheOptionsTypeWhereItsNamespaceIsNotImported()
        => Verify<MissingRealsReadAsZeroAnalyzer>.CodeFixAsync<MissingRealsReadAsZeroCodeFix>("""
            using Microsoft.ML;

            public class House { public float Size; }

            public class Trainer
            {
                public object Run(MLContext ml, string path)
                {
                    var data = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, hasHeader: true);
                    return ml.Transforms.ReplaceMissingValues("Size").Fit(data);
                }
            }
            """, """
            using Microsoft.ML;

            public class House { public float Size; }

            public class Trainer
            {
                public object Run(MLContext ml, string path)
                {
                    var data = ml.Data.LoadFromTextFile<House>(path, new Microsoft.ML.Data.TextLoader.Options { HasHeader = true, MissingRealsAsNaNs = true });
                    return ml.Transforms.ReplaceMissingValues("Size").Fit(data);
                }
            }
            """);

    [Fact]
    public Task NoFixForNullOptions()
    {
        var source = Method("var data = ml.Data.{|MLOPS603:LoadFromTextFile<House>|}(path, options: null);\n" + Replace + "\nreturn data;");
        return Verify<MissingRealsReadAsZeroAnalyzer>.CodeFixAsync<MissingRealsReadAsZeroCodeFix>(source, source);
    }
}
