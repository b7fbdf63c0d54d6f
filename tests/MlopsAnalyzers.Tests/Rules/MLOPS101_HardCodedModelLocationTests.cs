using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using MlopsAnalyzers.CodeFixes;
using MlopsAnalyzers.Tests.Verifiers;

namespace MlopsAnalyzers.Tests.Rules;

public class MLOPS101_HardCodedModelLocationTests
{
    private static string Trainer(string members, string body) => $$"""
        using System;
        using System.IO;
        using Microsoft.ML;

        public class Trainer
        {
            {{members}}

            public void Run(MLContext ml, ITransformer model, IDataView data, string name, string configuredDirectory)
            {
                {{body}}
            }
        }
        """;

    // ---------------------------------------------------------------- flagged

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/models/churn.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:@\"C:\\models\\churn.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"d:/models/churn.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:@\"\\\\fileserver\\models\\churn.zip\"|});")]
    [InlineData("ml.Model.Load({|MLOPS101:\"/srv/models/churn.zip\"|}, out var schema);")]
    [InlineData("ml.Model.Load(filePath: {|MLOPS101:\"/srv/models/churn.zip\"|}, inputSchema: out _);")]
    [InlineData("var path = {|MLOPS101:\"/srv/models/churn.zip\"|}; ml.Model.Save(model, data.Schema, path);")]
    [InlineData("const string path = {|MLOPS101:\"/srv/models/churn.zip\"|}; ml.Model.Load(path, out _);")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/models/\"|} + name + \".zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:$\"/srv/models/{name}.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine({|MLOPS101:\"/srv/models\"|}, \"churn.zip\"));")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine(configuredDirectory, {|MLOPS101:\"/srv/override.zip\"|}));")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine({|MLOPS101:\"/srv\"|}, \"models\", name, \"churn.zip\"));")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Join({|MLOPS101:\"/srv/models\"|}, \"churn.zip\"));")]
    [InlineData("var dir = {|MLOPS101:\"/srv/models\"|}; var file = Path.Combine(dir, name); ml.Model.Save(model, data.Schema, file);")]
    [InlineData("ml.Model.Save(model, data.Schema, name.Length > 3 ? {|MLOPS101:\"/srv/a.zip\"|} : {|MLOPS101:\"/srv/b.zip\"|});")]
    [InlineData("using var stream = File.Create({|MLOPS101:\"/srv/models/churn.zip\"|}); ml.Model.Save(model, data.Schema, stream);")]
    [InlineData("ml.Model.Load(new FileStream({|MLOPS101:\"/srv/models/churn.zip\"|}, FileMode.Open), out _);")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"s3://acme-models/churn.zip\"|});")]
    public Task HardCodedLocations(string body)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(Trainer("", body));

    // A field is outside the member that uses it: the diagnostic is on the use (the IDE analyzes one member at a time).
    [Theory]
    [InlineData("private const string ModelPath = \"/srv/models/churn.zip\";", "ml.Model.Save(model, data.Schema, {|MLOPS101:ModelPath|});")]
    [InlineData("private static readonly string ModelPath = \"/srv/models/churn.zip\";", "ml.Model.Save(model, data.Schema, {|MLOPS101:ModelPath|});")]
    [InlineData("private readonly string _path = @\"\\\\share\\models\\churn.zip\";", "ml.Model.Load({|MLOPS101:_path|}, out _);")]
    [InlineData("private const string Root = \"/srv/models\"; private const string ModelPath = Root + \"/churn.zip\";", "ml.Model.Save(model, data.Schema, {|MLOPS101:ModelPath|});")]
    [InlineData("private const string Root = \"/srv/models\";", "ml.Model.Save(model, data.Schema, {|MLOPS101:$\"{Root}/{name}.zip\"|});")]
    public Task HardCodedLocationsInFields(string members, string body)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(Trainer(members, body));

    [Fact]
    public Task ALocalUsedTwiceIsReportedOnTheLiteralForEachUse()
    {
        var source = Trainer("", "var path = \"/srv/models/churn.zip\"; ml.Model.Save(model, data.Schema, path); ml.Model.Load(path, out _);");
        const string hint = "register and load the model by name with a model registry; add the MlopsAnalyzers.Abstractions package to get a code fix that uses its ModelRegistry";
        return Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(
            source,
            new DiagnosticResult(MlopsAnalyzers.Artifacts.HardCodedModelLocationRule.Descriptor).WithSpan(11, 20, 11, 43).WithSpan(11, 86, 11, 112).WithArguments("/srv/models/churn.zip", "'Model.Load'", hint),
            new DiagnosticResult(MlopsAnalyzers.Artifacts.HardCodedModelLocationRule.Descriptor).WithSpan(11, 20, 11, 43).WithSpan(11, 45, 11, 84).WithArguments("/srv/models/churn.zip", "'Model.Save'", hint));
    }

    [Fact]
    public Task TheMessageNamesTheFixWhenTheRuntimeLibraryIsReferenced()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(
            TestLibraries.Abstractions,
            Trainer("", "ml.Model.Load(\"/srv/churn.zip\", out _);"),
            new DiagnosticResult(MlopsAnalyzers.Artifacts.HardCodedModelLocationRule.Descriptor).WithSpan(11, 23, 11, 39).WithSpan(11, 9, 11, 47).WithArguments("/srv/churn.zip", "'Model.Load'", "register and load the model by name with ModelRegistry (MlopsAnalyzers.Abstractions)"));

    [Fact]
    public async Task AConstantDeclaredInAnotherFileIsReportedAtTheArgument()
    {
        var test = new Verifiers.AnalyzerTest<HardCodedModelLocationAnalyzer>();
        test.TestState.Sources.Add(("Paths.cs", "public static class Paths { public const string Model = \"/srv/models/churn.zip\"; }"));
        test.TestState.Sources.Add(("Trainer.cs", Trainer("", "ml.Model.Save(model, data.Schema, {|MLOPS101:Paths.Model|});")));
        await test.RunAsync();
    }

    [Fact]
    public Task OnnxExportStreams()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(Trainer("", """
            using var stream = File.Create({|MLOPS101:"/srv/models/churn.onnx"|});
                    ml.Model.ConvertToOnnx(model, data, stream);
            """) + Stubs.OnnxConverter);

    [Theory]
    [InlineData("builder.FromFile({|MLOPS101:\"/srv/models/churn.zip\"|});")]
    [InlineData("builder.FromFile(\"churn\", {|MLOPS101:\"/srv/models/churn.zip\"|}, true);")]
    [InlineData("builder.FromUri({|MLOPS101:\"https://models.example.com/churn.zip\"|});")]
    [InlineData("builder.FromUri(new Uri({|MLOPS101:\"https://acme.blob.core.windows.net/models/churn.zip\"|}));")]
    [InlineData("builder.FromUri(\"churn\", new Uri({|MLOPS101:\"https://acme.s3.amazonaws.com/churn.zip\"|}), TimeSpan.FromMinutes(5));")]
    public Task PredictionEnginePoolSources(string call)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync($$"""
            using System;
            using Microsoft.Extensions.ML;

            public class In { public float X { get; set; } }
            public class Out { public float Score { get; set; } }

            public class Startup
            {
                public void Configure(PredictionEnginePoolBuilder<In, Out> builder)
                {
                    {{call}}
                }
            }
            """ + Stubs.PredictionEnginePoolBuilder);

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, \"churn-model.zip\"); File.Copy(\"churn-model.zip\", {|MLOPS101:@\"\\\\share\\models\\churn-model.zip\"|});")]
    [InlineData("File.Copy({|MLOPS101:\"/srv/staging/churn.onnx\"|}, \"/srv/production/churn.onnx\".Length > 0 ? configuredDirectory : name);")]
    // The source comes from a parameter or options; the destination is a hard-coded place named like a model.
    [InlineData("File.Copy(name, {|MLOPS101:@\"\\\\share\\models\\churn-model.zip\"|}, overwrite: true);")]
    [InlineData("File.Move(configuredDirectory, {|MLOPS101:\"/srv/prod/churn.onnx\"|});")]
    [InlineData("File.Copy(name, Path.Combine({|MLOPS101:\"/mnt/models\"|}, \"current.zip\"));")]
    // Saved to a temporary file, moved into place, then copied elsewhere.
    [InlineData("var scratch = Path.GetTempFileName(); ml.Model.Save(model, data.Schema, scratch); File.Move(scratch, name); File.Copy(name, {|MLOPS101:\"/srv/backup/latest.bin\"|});")]
    public Task CopiesOfModelFiles(string body)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(Trainer("", body));

    [Fact]
    public Task UploadsOfModelFiles()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(TestLibraries.AwsS3 | TestLibraries.AzureBlobs, """
            using Amazon.S3.Transfer;
            using Azure.Storage.Blobs;

            public class Publisher
            {
                public void Publish(TransferUtility transfer, BlobClient blob)
                {
                    transfer.Upload({|MLOPS101:"/srv/models/churn-model.zip"|}, "acme-models");
                    blob.Upload({|MLOPS101:"/srv/models/churn.onnx"|}, overwrite: true);
                }
            }
            """);

    // ---------------------------------------------------------------- not flagged

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, \"churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, \"models/churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, @\"models\\churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine(AppContext.BaseDirectory, \"models\", \"churn.zip\"));")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine(configuredDirectory, name + \".zip\"));")]
    [InlineData("ml.Model.Save(model, data.Schema, configuredDirectory + \"/churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, $\"{configuredDirectory}/churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, Environment.GetEnvironmentVariable(\"MODEL_PATH\") ?? \"/srv/models/churn.zip\");")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Join(configuredDirectory, \"/churn.zip\"));")]
    [InlineData("var path = \"/srv/models/churn.zip\"; path = configuredDirectory; ml.Model.Save(model, data.Schema, path);")]
    [InlineData("ml.Model.Save(model, data.Schema, name);")]
    [InlineData("File.Copy(\"/srv/data/houses.csv\", \"/srv/backup/houses.csv\");")]
    [InlineData("File.Copy(name, \"/srv/backup/houses.zip\");")]
    [InlineData("File.Copy(name, \"model-backup.zip\");")]
    [InlineData("File.Copy(name, configuredDirectory + \"/churn.onnx\");")]
    [InlineData("File.WriteAllText(\"/srv/models/notes.txt\", \"hello\");")]
    [InlineData("var text = File.ReadAllText(\"/etc/app.json\"); ml.Model.Save(model, data.Schema, text);")]
    [InlineData("using var stream = new MemoryStream(); ml.Model.Save(model, data.Schema, stream);")]
    public Task NotHardCodedOrNotAModelLocation(string body)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync(Trainer("", body));

    [Fact]
    public Task AReadOnlyFieldSetByTheConstructorIsConfiguration()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Server
            {
                private readonly string _path = "/srv/models/churn.zip";

                public Server(string configuredPath)
                {
                    if (configuredPath != null)
                    {
                        _path = configuredPath;
                    }
                }

                public ITransformer Load(MLContext ml) => ml.Model.Load(_path, out _);
            }
            """);

    [Theory]
    [InlineData("System.Threading.Interlocked.Exchange(ref _path, configuredPath);")]
    [InlineData("Read(out _path);")]
    [InlineData("(_path, _) = (configuredPath, 1);")]
    [InlineData("this._path = configuredPath;")]
    public Task AReadOnlyFieldWrittenInAnyWayByTheConstructorIsConfiguration(string write)
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync($$"""
            using Microsoft.ML;

            public class Server
            {
                private readonly string _path = "/srv/models/churn.zip";

                public Server(string configuredPath)
                {
                    {{write}}
                }

                private static void Read(out string path) => path = "";

                public ITransformer Load(MLContext ml) => ml.Model.Load(_path, out _);
            }
            """);

    [Fact]
    public Task AConstructorParameterNamedLikeTheFieldDoesNotMakeItConfiguration()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class Server
            {
                private readonly string path = "/srv/models/churn.zip";
                private readonly int _retries;

                public Server(string path, int retries)
                {
                    path = path.Trim();
                    _retries = retries;
                }

                public ITransformer Load(MLContext ml) => ml.Model.Load({|MLOPS101:path|}, out _);
            }
            """);

    [Fact]
    public Task AConstructorInAnotherFileMayAssignTheFieldSoItIsNotJudged()
    {
        var test = new Verifiers.AnalyzerTest<HardCodedModelLocationAnalyzer>();
        test.TestState.Sources.Add(("Server.cs", """
            using Microsoft.ML;

            public partial class Server
            {
                private readonly string _path = "/srv/models/churn.zip";

                public ITransformer Load(MLContext ml) => ml.Model.Load(_path, out _);
            }
            """));
        test.TestState.Sources.Add(("Server.Configuration.cs", """
            public partial class Server
            {
                public Server(string configuredPath) => _path = configuredPath;
            }
            """));
        return test.RunAsync();
    }

    [Fact]
    public Task AnotherTypesSaveAndLoad()
        => Verify<HardCodedModelLocationAnalyzer>.AnalyzerAsync("""
            using Microsoft.ML;

            public class ModelStore
            {
                public void Save(ITransformer model, DataViewSchema schema, string filePath) { }
                public ITransformer Load(string filePath, out DataViewSchema schema) { schema = null; return null; }
            }

            public class Job
            {
                public void Run(ModelStore store, ITransformer model, DataViewSchema schema)
                {
                    store.Save(model, schema, "/srv/models/churn.zip");
                    store.Load("/srv/models/churn.zip", out _);
                }
            }
            """);

    [Fact]
    public Task NoMlNetReference()
        => Verify<HardCodedModelLocationAnalyzer>.WithoutMlNetAsync("""
            public class Catalog { public void Save(object model, object schema, string filePath) { } }
            public class MLContext { public Catalog Model { get; } = new Catalog(); }
            public class Job
            {
                public void Run(MLContext ml)
                {
                    ml.Model.Save(new object(), null, "/srv/models/churn.zip");
                    System.IO.File.Copy("/srv/models/churn.onnx", "/srv/prod/churn.onnx");
                }
            }
            """);

    [Theory]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/m.zip\"|}")]
    [InlineData("ml.Model.Save(model, data.Schema, )")]
    [InlineData("ml.Model.Load(, out _)")]
    [InlineData("ml.Model.Load(\"/srv/m.zip\", out )")]
    [InlineData("ml.Model.Save(model, data.Schema, Path.Combine(\"/srv\", ))")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:$\"/srv/{}\"|})")]
    [InlineData("var p = ; ml.Model.Save(model, data.Schema, p);")]
    [InlineData("ml.Model.Save(model, data.Schema, undefinedConstant + \"/m.zip\");")]
    [InlineData("File.Copy(\"/srv/m.onnx\", );")]
    public Task IncompleteCodeDoesNotThrow(string body)
        => Verify<HardCodedModelLocationAnalyzer>.IncompleteCodeAsync(Trainer("", body));

    // ---------------------------------------------------------------- fix

    /// <summary>The registry the fixes write code to: rooted where the model went, overridable with MLOPS_REGISTRY_ROOT.</summary>
    private static string Open(string root) => $"ModelRegistry.Open(Environment.GetEnvironmentVariable(ModelRegistry.RootEnvironmentVariable) ?? {root})";

    [Fact]
    public Task FixRegistersInTheFolderTheModelWentTo_FixAll()
    {
        var test = new CodeFixTest<HardCodedModelLocationAnalyzer, HardCodedModelLocationCodeFix>
        {
            TestCode = """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                private const string ModelPath = "/srv/models/churn-model.zip";

                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    // Publish the model.
                    ml.Model.Save(model, data.Schema /* training data */, {|MLOPS101:@"\\share\models\house prices.zip"|});
                    ml.Model.Save(model, data.Schema, Path.Combine({|MLOPS101:"/srv/models"|}, "fraud.v2.zip"));
                }

                public ITransformer Serve(MLContext ml)
                {
                    // Nothing in the solution writes this file: loading a registry name would find nothing.
                    var model = ml.Model.Load({|MLOPS101:ModelPath|}, out var schema);
                    return model;
                }
            }
            """,
            FixedCode = $$"""
            using System;
            using System.IO;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                private const string ModelPath = "/srv/models/churn-model.zip";

                public void Train(MLContext ml, ITransformer model, IDataView data)
                {
                    // Publish the model.
                    {{Open("@\"\\\\share\\models\"")}}.Register(ml, "house-prices", model, data.Schema /* training data */);
                    {{Open("\"/srv/models\"")}}.Register(ml, "fraud.v2", model, data.Schema);
                }

                public ITransformer Serve(MLContext ml)
                {
                    // Nothing in the solution writes this file: loading a registry name would find nothing.
                    var model = ml.Model.Load({|MLOPS101:ModelPath|}, out var schema);
                    return model;
                }
            }
            """,
        };
        TestLibraries.Abstractions.AddTo(test.TestState);
        TestLibraries.Abstractions.AddTo(test.FixedState);

        // The load keeps its diagnostic: it has no fix.
        test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
        return test.RunAsync();
    }

    [Fact]
    public Task TwoLiteralsOfOneCallAreFixedByOneRewrite()
        => Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, """
            using System.IO;
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                    => ml.Model.Save(model, data.Schema, Path.Combine({|MLOPS101:"/srv"|}, {|MLOPS101:"/models/churn.zip"|}));
            }
            """, $$"""
            using System;
            using System.IO;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data)
                    => {{Open("\"/models\"")}}.Register(ml, "churn", model, data.Schema);
            }
            """);

    [Fact]
    public async Task TheSaveAndTheLoadsOfOneFileAreRewrittenTogether()
    {
        var test = new CodeFixTest<HardCodedModelLocationAnalyzer, HardCodedModelLocationCodeFix>();
        TestLibraries.Abstractions.AddTo(test.TestState);
        TestLibraries.Abstractions.AddTo(test.FixedState);
        test.TestState.Sources.Add(("Trainer.cs", """
            using Microsoft.ML;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, {|MLOPS101:"/srv/models/churn.zip"|});
            }
            """));
        test.TestState.Sources.Add(("Server.cs", """
            using Microsoft.ML;

            public class Server
            {
                public ITransformer Load(MLContext ml) => ml.Model.Load({|MLOPS101:"/srv/models/churn.zip"|}, out _);
            }
            """));
        test.FixedState.Sources.Add(("Trainer.cs", $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Trainer
            {
                public void Train(MLContext ml, ITransformer model, IDataView data) => {{Open("\"/srv/models\"")}}.Register(ml, "churn", model, data.Schema);
            }
            """));
        test.FixedState.Sources.Add(("Server.cs", $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Server
            {
                public ITransformer Load(MLContext ml) => {{Open("\"/srv/models\"")}}.Load(ml, "churn", "latest", out _);
            }
            """));
        await test.RunAsync();
    }

    [Fact]
    public Task FixLoadsTheConfiguredVersion()
        => Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, """
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Server
            {
                public ITransformer Load(MLContext ml) => ml.Model.Load(inputSchema: out DataViewSchema schema, filePath: {|MLOPS101:"/srv/churn.zip"|});

                public void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, {|MLOPS101:"/srv/churn.zip"|});
            }
            """, $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            public class Server
            {
                public ITransformer Load(MLContext ml) => {{Open("\"/srv\"")}}.Load(ml, "churn", "production", out DataViewSchema schema);

                public void Train(MLContext ml, ITransformer model, IDataView data) => {{Open("\"/srv\"")}}.Register(ml, "churn", model, data.Schema);
            }
            """, editorConfig: "root = true\n[*]\nmlops.MLOPS101.load_version = production\n");

    [Fact]
    public Task FixInTopLevelStatements()
        => Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, """
            using Microsoft.ML;

            var ml = new MLContext(seed: 0);
            var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
            var trained = ml.Transforms.NormalizeMinMax("X").Fit(data);
            ml.Model.Save(trained, data.Schema, {|MLOPS101:"/srv/models/churn.zip"|});
            var model = ml.Model.Load({|MLOPS101:"/srv/models/churn.zip"|}, out _);

            public class Row { public float X { get; set; } }
            """, $$"""
            using System;
            using Microsoft.ML;
            using MlopsAnalyzers.Abstractions;

            var ml = new MLContext(seed: 0);
            var data = ml.Data.LoadFromEnumerable(new[] { new Row() });
            var trained = ml.Transforms.NormalizeMinMax("X").Fit(data);
            {{Open("\"/srv/models\"")}}.Register(ml, "churn", trained, data.Schema);
            var model = {{Open("\"/srv/models\"")}}.Load(ml, "churn", "latest", out _);

            public class Row { public float X { get; set; } }
            """, program: true);

    [Fact]
    public Task NoFixForALoadOfAFileNothingInTheSolutionSaves()
    {
        // Main rewrote this to load a registry name that nothing registers: ModelNotFoundException at run time.
        var source = """
            using Microsoft.ML;

            public class Server
            {
                public ITransformer Load(MLContext ml) => ml.Model.Load({|MLOPS101:"/srv/models/churn.zip"|}, out _);
            }
            """;
        return Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Theory]
    [InlineData("public bool Ready() => System.IO.File.Exists(ModelPath);")]
    [InlineData("public ITransformer Load(MLContext ml) { using var stream = System.IO.File.OpenRead(ModelPath); return ml.Model.Load({|MLOPS101:stream|}, out _); }")]
    [InlineData("public void Archive() => System.IO.File.Copy(\"/srv/models/churn.zip\", \"/srv/archive/churn.zip\");")]
    [InlineData("public ITransformer Load(MLContext ml, string root) => ml.Model.Load(System.IO.Path.Combine(root, \"churn.zip\"), out _);")]
    [InlineData("private readonly string _path = ModelPath; public ITransformer Load(MLContext ml) => ml.Model.Load({|MLOPS101:_path|}, out _); public void Reset() => System.Console.WriteLine(_path);")]
    public Task NoFixWhenAReaderOfTheFileCannotBeRewritten(string reader)
    {
        var source = $$"""
            using Microsoft.ML;

            public class Trainer
            {
                private const string ModelPath = "/srv/models/churn.zip";

                public void Train(MLContext ml, ITransformer model, IDataView data) => ml.Model.Save(model, data.Schema, {|MLOPS101:ModelPath|});

                {{reader}}
            }
            """;
        return Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, source, source);
    }

    [Fact]
    public Task NoFixWithoutTheRuntimeLibrary()
    {
        var source = Trainer("", "ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/models/churn.zip\"|});");
        return Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(source, source);
    }

    [Theory]
    [InlineData("ml.Model.Save(model, null, {|MLOPS101:\"/srv/models/churn.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:$\"/srv/models/{name}.zip\"|});")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/models/\"|} + name);")]
    [InlineData("var catalog = ml.Model; catalog.Save(model, data.Schema, {|MLOPS101:\"/srv/models/churn.zip\"|});")]
    [InlineData("using var stream = File.Create({|MLOPS101:\"/srv/models/churn.zip\"|}); ml.Model.Save(model, data.Schema, stream);")]
    [InlineData("File.Copy({|MLOPS101:\"/srv/staging/churn.onnx\"|}, name);")]
    [InlineData("ml.Model.Save(model, data.Schema, {|MLOPS101:\"/srv/models/.zip\"|});")]
    public Task NoFixWhenTheRewriteIsNotSafe(string body)
    {
        var source = Trainer("", body);
        return Verify<HardCodedModelLocationAnalyzer>.CodeFixAsync<HardCodedModelLocationCodeFix>(TestLibraries.Abstractions, source, source);
    }
}
