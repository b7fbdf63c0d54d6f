using System.Threading.Tasks;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS103_ModelSavedWithoutVersionMetadataTests
{
    private static string Trainer(string body, string members = "") => $$"""
        using System;
        using System.IO;
        using System.Text.Json;
        using Microsoft.ML;
        using Microsoft.ML.Data;

        public class Trainer
        {
            {{members}}

            public void Train(MLContext ml, ITransformer model, IDataView data, string path, IDataLoader<IMultiStreamSource> loader, double rSquared)
            {
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, path)|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, \"churn.zip\")|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, loader, path)|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(filePath: path, inputSchema: data.Schema, model: model)|};")]
    [InlineData("Console.WriteLine($\"R2 = {rSquared}\"); {|MLOPS103:ml.Model.Save(model, data.Schema, path)|};")]
    [InlineData("Action save = () => {|MLOPS103:ml.Model.Save(model, data.Schema, path)|}; save();")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, path)|}; var other = ml.Model.Load(\"other.zip\", out _);")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, \"a.zip\")|}; var other = ml.Model.Load(\"b.zip\", out _);")]
    public Task SavedWithNothingRecorded(string body)
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync(Trainer(body));

    [Fact]
    public Task TopLevelStatements()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.ProgramAsync("""
            using Microsoft.ML;

            var ml = new MLContext(seed: 1);
            var data = ml.Data.LoadFromTextFile<House>("houses.csv", separatorChar: ',');
            var model = ml.Regression.Trainers.Sdca("Price", "Size").Fit(data);
            {|MLOPS103:ml.Model.Save(model, data.Schema, "model.zip")|};

            public class House { public float Size; public float Price; }
            """);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, path); File.WriteAllText(path + \".json\", \"{}\");")]
    [InlineData("ml.Model.Save(model, data.Schema, path); File.AppendAllText(\"models.log\", path);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); var json = JsonSerializer.Serialize(new { rSquared });")]
    [InlineData("ml.Model.Save(model, data.Schema, path); WriteModelMetadata(path, rSquared);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); RegisterModel(path);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); _tracker.TrackRun(rSquared);")]
    [InlineData("using var stream = File.Create(path); ml.Model.Save(model, data.Schema, stream);")]
    [InlineData("using var stream = new MemoryStream(); ml.Model.Save(model, data.Schema, stream);")]
    public Task SomethingIsRecordedOrNotAFile(string body)
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync(Trainer(body, """
            private readonly Tracker _tracker = new Tracker();
            private void WriteModelMetadata(string path, double r2) { }
            private void RegisterModel(string path) { }
            public sealed class Tracker { public void TrackRun(double metric) { } }
            """));

    // ML.NET's API samples: save to a scratch file and load it back to show the round trip.
    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, \"model.zip\"); var loaded = ml.Model.Load(\"model.zip\", out var schema);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); var loaded = ml.Model.Load(path, out _);")]
    [InlineData("var scratch = Path.GetTempFileName(); ml.Model.Save(model, data.Schema, scratch); var loaded = ml.Model.Load(scratch, out _);")]
    [InlineData("ml.Model.Save(model, loader, path); var loaded = ml.Model.LoadWithDataLoader(path, out IDataLoader<IMultiStreamSource> back);")]
    [InlineData("ml.Model.Save(model, data.Schema, path); using (var stream = File.OpenRead(path)) { var loaded = ml.Model.Load(stream, out _); }")]
    public Task SavedToAScratchFileAndLoadedBack(string body)
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync(Trainer(body));

    [Fact]
    public Task AMethodThatUsesTheRuntimeLibraryRecordsMetadata()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync(TestLibraries.Abstractions, Trainer("""
            ml.Model.Save(model, data.Schema, path);
                    ModelRegistry.Default.Register(ml, "churn", model, data.Schema);
            """).Replace("using Microsoft.ML;", "using Microsoft.ML;\nusing MlopsAnalyzers.Abstractions;", System.StringComparison.Ordinal));

    [Fact]
    public Task FrameworkMethodsWithRecordingWordsDoNotCount()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync(Trainer("""
            {|MLOPS103:ml.Model.Save(model, data.Schema, path)|};
                    var version = Environment.Version;
                    var info = typeof(Trainer).Assembly.GetName().Version;
            """));

    [Fact]
    public Task AnotherTypesSave()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Catalog { public void Save(ITransformer model, DataViewSchema inputSchema, string filePath) { } }

            public class Job
            {
                public void Run(Catalog catalog, ITransformer model, DataViewSchema schema) => catalog.Save(model, schema, "model.zip");
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.WithoutMlNetAsync("""
            public class Catalog { public void Save(object model, object inputSchema, string filePath) { } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Job { public void Run(MLContext ml) => ml.Model.Save(new object(), null, "model.zip"); }
            """);

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, ")]
    [InlineData("ml.Model.Save(model, , path);")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, path|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, path)|}; Undefined.Register(path);")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.IncompleteCodeAsync(Trainer(body));

    // ---------------------------------------------------------------- fix

    private static string Open(string root) => $"ModelRegistry.Open(Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable) ?? {root})";

    [Fact]
    public Task FixRegistersTheModelWhereTheFileWent_FixAll()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(TestLibraries.Abstractions, """
            // Training job.
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    {|MLOPS103:ml.Model.Save(model, data.Schema, @"\\fileserver\models\churn.zip")|};
                }

                public void TrainOther(MLContext ml, ITransformer model, IDataView data)
                {
                    {|MLOPS103:ml.Model.Save(
                        model,
                        data.Schema,
                        "fraud-model.zip")|}; // nightly
                }
            }
            """, $$"""
            // Training job.
            using System;
            using System.IO;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    {{Open("@\"\\\\fileserver\\models\"")}}.Register(ml, "churn", model, data.Schema);
                }

                public void TrainOther(MLContext ml, ITransformer model, IDataView data)
                {
                    {{Open("\".\"")}}.Register(ml, "fraud-model", model, data.Schema); // nightly
                }
            }
            """);

    [Fact]
    public Task FixAddsTheUsingsToAFileWithoutUsings()
        => Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(TestLibraries.Abstractions, """
            public class Trainer
            {
                public void Train(Microsoft.ML.MLContext ml, Microsoft.ML.ITransformer model, Microsoft.ML.IDataView data)
                {
                    {|MLOPS103:ml.Model.Save(model, data.Schema, "churn.zip")|};
                }
            }
            """, $$"""
            using System;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                public void Train(Microsoft.ML.MLContext ml, Microsoft.ML.ITransformer model, Microsoft.ML.IDataView data)
                {
                    {{Open("\".\"")}}.Register(ml, "churn", model, data.Schema);
                }
            }
            """);

    [Fact]
    public Task NoFixWhenTheFolderIsOnlyKnownAtRunTime()
    {
        // Registering in a registry somewhere else than the directory would move the model silently.
        var source = """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data, string directory)
                {
                    {|MLOPS103:ml.Model.Save(model, data.Schema, Path.Combine(directory, "churn.zip"))|};
                }
            }
            """;
        return Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public async Task TheConsumersOfTheFileLoadTheRegisteredModel_NullableAndNoNewWarnings()
    {
        // The serving side is not flagged by MLOPS103, yet it must move with the producer: main left it loading a file
        // that the training side no longer writes.
        var test = new CodeFixTest<ModelSavedWithoutVersionMetadataAnalyzer, ModelSavedWithoutVersionMetadataCodeFix>
        {
            CompilerDiagnostics = Microsoft.CodeAnalysis.Testing.CompilerDiagnostics.Warnings,
        };
        test.SolutionTransforms.Add((solution, projectId) =>
        {
            var options = (Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions)solution.GetProject(projectId)!.CompilationOptions!;
            return solution.WithProjectCompilationOptions(projectId, options.WithNullableContextOptions(Microsoft.CodeAnalysis.NullableContextOptions.Enable));
        });
        TestLibraries.Abstractions.AddTo(test.TestState);
        TestLibraries.Abstractions.AddTo(test.FixedState);
        test.TestState.Sources.Add(("Paths.cs", """
            internal static class Paths
            {
                public const string Model = "/srv/models/churn.zip";
            }
            """));
        test.TestState.Sources.Add(("Trainer.cs", """
            using Microsoft.ML;

            internal sealed class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    {|MLOPS103:ml.Model.Save(model, data.Schema, Paths.Model)|};
                }
            }
            """));
        test.TestState.Sources.Add(("Scorer.cs", """
            using Microsoft.ML;

            internal sealed class Scorer
            {
                private readonly ITransformer _model;

                public Scorer(MLContext ml)
                {
                    _model = ml.Model.Load(Paths.Model, out DataViewSchema? schema);
                    System.Console.WriteLine(schema?.Count);
                }

                public ITransformer Model => _model;
            }
            """));
        test.FixedState.Sources.Add(("Paths.cs", """
            internal static class Paths
            {
                public const string Model = "/srv/models/churn.zip";
            }
            """));
        test.FixedState.Sources.Add(("Trainer.cs", $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            internal sealed class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    {{Open("\"/srv/models\"")}}.Register(ml, "churn", model, data.Schema);
                }
            }
            """));
        test.FixedState.Sources.Add(("Scorer.cs", $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            internal sealed class Scorer
            {
                private readonly ITransformer _model;

                public Scorer(MLContext ml)
                {
                    _model = {{Open("\"/srv/models\"")}}.Load(ml, "churn", "latest", out DataViewSchema? schema);
                    System.Console.WriteLine(schema?.Count);
                }

                public ITransformer Model => _model;
            }
            """));
        await test.RunAsync();
    }

    [Theory]
    [InlineData("{|MLOPS103:ml.Model.Save(model, null, path)|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, path)|};")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, data.Schema, \"churn.zip\")|}; File.Copy(\"churn.zip\", \"/srv/backup/churn.zip\");")]
    [InlineData("{|MLOPS103:ml.Model.Save(model, loader, \"churn.zip\")|};")]
    [InlineData("var catalog = ml.Model; {|MLOPS103:catalog.Save(model, data.Schema, \"churn.zip\")|};")]
    public Task NoFixWhenTheRewriteIsNotSafe(string body)
    {
        var source = Trainer(body);
        return Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public Task NoFixWhenAnotherModelRegistryIsInScope()
    {
        var source = Trainer("{|MLOPS103:ml.Model.Save(model, data.Schema, \"churn.zip\")|};", "private sealed class ModelRegistry { }");
        return Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public Task NoFixWithoutTheRuntimeLibrary()
    {
        var source = Trainer("{|MLOPS103:ml.Model.Save(model, data.Schema, \"churn.zip\")|};");
        return Verify<ModelSavedWithoutVersionMetadataAnalyzer>.CodeFixAsync<ModelSavedWithoutVersionMetadataCodeFix>(source, source);
    }
}
